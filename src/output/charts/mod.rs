//! Charts, rendered to PNG and SVG. (Being written.)
