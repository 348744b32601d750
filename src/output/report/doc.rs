//! The report as a small document model, built once from the run's result and rendered twice:
//! as Markdown (`md.rs`, `report.md`) and as HTML (`html.rs`, `report.html`).
//!
//! ```text
//! Document   title, sections in order
//! Section    anchor id, heading, blocks (level-3 headings inside are blocks too)
//! Block      heading, paragraph, quote of user text, list, table, figure, warning, note
//! Span       plain text, strong, emphasis, code, a web link, a link to a section
//! ```
//!
//! Every string in the model is plain text: the renderers escape it for their format, so a
//! section never writes Markdown or HTML syntax and user text cannot become markup.

use crate::output::charts::ChartFile;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Span {
    /// Plain text.
    Text(String),
    /// A name or id the scenario validated (letters, digits, `_`, `-`, `.`): Markdown shows it
    /// as written, without escapes.
    Name(String),
    /// Bold text.
    Strong(String),
    /// Italic text.
    Emph(String),
    /// Code (an expression, a formula, a file name).
    Code(String),
    /// A link to an address; rendered as a link only for plain `http(s)` addresses.
    Url(String),
    /// A link to a section of the report: (anchor id, text).
    Ref(String, String),
    /// A source id, linked to its row of the sources table where links work.
    Source(String),
    /// The place a [`Span::Source`] of this id links to (shows nothing).
    SourceAnchor(String),
}

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Line(pub Vec<Span>);

impl Line {
    /// An empty line.
    pub(crate) fn new() -> Line {
        Line(Vec::new())
    }

    /// Plain text.
    pub(crate) fn text(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Text(s.into()));
        self
    }

    /// A validated name or id.
    pub(crate) fn name(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Name(s.into()));
        self
    }

    /// Bold text.
    pub(crate) fn strong(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Strong(s.into()));
        self
    }

    /// Italic text.
    pub(crate) fn emph(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Emph(s.into()));
        self
    }

    /// Code.
    pub(crate) fn code(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Code(s.into()));
        self
    }

    /// A web address.
    pub(crate) fn url(mut self, s: impl Into<String>) -> Line {
        self.0.push(Span::Url(s.into()));
        self
    }

    /// A link to the section with anchor `id`.
    pub(crate) fn link(mut self, id: impl Into<String>, text: impl Into<String>) -> Line {
        self.0.push(Span::Ref(id.into(), text.into()));
        self
    }

    /// A source id.
    pub(crate) fn source(mut self, id: impl Into<String>) -> Line {
        self.0.push(Span::Source(id.into()));
        self
    }

    /// The place links to source `id` lead to.
    pub(crate) fn source_anchor(mut self, id: impl Into<String>) -> Line {
        self.0.push(Span::SourceAnchor(id.into()));
        self
    }

    /// Appends every span of `other`.
    pub(crate) fn then(mut self, other: Line) -> Line {
        self.0.extend(other.0);
        self
    }
}

impl From<&str> for Line {
    fn from(s: &str) -> Line {
        Line::new().text(s)
    }
}

impl From<String> for Line {
    fn from(s: String) -> Line {
        Line::new().text(s)
    }
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table: a header row, the alignment of each column and the rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// Column headings.
    pub head: Vec<Line>,
    /// Alignment of each column.
    pub align: Vec<Align>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Line>>,
}

impl Table {
    /// A table with headings `head` (`>` before a heading right-aligns its column).
    pub(crate) fn new(head: &[&str]) -> Table {
        let align = head
            .iter()
            .map(|h| {
                if h.starts_with('>') {
                    Align::Right
                } else {
                    Align::Left
                }
            })
            .collect();
        let head = head
            .iter()
            .map(|h| Line::from(h.trim_start_matches('>')))
            .collect();
        Table {
            head,
            align,
            rows: Vec::new(),
        }
    }

    /// A table with headings given as lines (user text in a heading), all left-aligned but
    /// those listed in `right`.
    pub(crate) fn with_head(head: Vec<Line>, right: &[usize]) -> Table {
        let align = (0..head.len())
            .map(|i| {
                if right.contains(&i) {
                    Align::Right
                } else {
                    Align::Left
                }
            })
            .collect();
        Table {
            head,
            align,
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, cells: Vec<Line>) {
        self.rows.push(cells);
    }
}

/// One block of a section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A level-3 heading, with an anchor id when it is linked to.
    Subheading {
        /// The heading.
        text: Line,
        /// Its anchor, if any.
        id: Option<String>,
    },
    /// A paragraph.
    Para(Line),
    /// User text that may span lines (a description, a claim's text), quoted when `quote`.
    UserText {
        /// The text as written.
        text: String,
        /// Shown as a quotation.
        quote: bool,
    },
    /// A bulleted list.
    List(Vec<Line>),
    /// A table.
    Table(Table),
    /// A chart of the run.
    Figure(ChartFile),
    /// A warning next to the number it qualifies.
    Warning(String),
}

/// A section of the report (a level-2 heading and what follows it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// Anchor id (letters, digits and `-`).
    pub id: String,
    /// Heading.
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub(crate) fn new(id: &str, heading: &str) -> Section {
        Section {
            id: id.to_string(),
            heading: heading.to_string(),
            blocks: Vec::new(),
        }
    }

    /// Adds a paragraph.
    pub(crate) fn para(&mut self, line: impl Into<Line>) {
        self.blocks.push(Block::Para(line.into()));
    }

    /// Adds a level-3 heading.
    pub(crate) fn sub(&mut self, text: impl Into<Line>, id: Option<String>) {
        self.blocks.push(Block::Subheading {
            text: text.into(),
            id,
        });
    }

    /// Adds a table.
    pub(crate) fn table(&mut self, t: Table) {
        self.blocks.push(Block::Table(t));
    }

    /// Adds a list.
    pub(crate) fn list(&mut self, items: Vec<Line>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// Adds a warning.
    pub(crate) fn warning(&mut self, message: String) {
        self.blocks.push(Block::Warning(message));
    }

    /// Adds a chart.
    pub(crate) fn figure(&mut self, chart: ChartFile) {
        self.blocks.push(Block::Figure(chart));
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    /// The scenario's title.
    pub title: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}
