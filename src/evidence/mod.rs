//! Conditioning on evidence (in progress).
