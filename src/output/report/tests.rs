//! Tests of the whole report from hand-built results (`output::fixtures`): section order,
//! formatting, each chart once in its section, warnings next to their numbers, the basis of
//! sensitivity and value of information, and escaping of user text.

use super::*;
use crate::model::{ClaimId, QuantityId};
use crate::output::fixtures::{example, full};
use crate::results::PrecisionResult;

fn section<'a>(md: &'a str, head: &str) -> &'a str {
    let start = md.find(head).unwrap_or_else(|| panic!("{head} in {md}"));
    let end = md[start + 3..]
        .find("\n## ")
        .map_or(md.len(), |i| i + start + 3);
    &md[start..end]
}

#[test]
fn sections_in_order_and_content_formatted() {
    let r = example();
    let md = report_markdown(&r, &charts::plan(&r));
    let heads = [
        "# One million shells",
        "## The question",
        "## Summary",
        "**How to read this.**",
        "## Claims",
        "## Distributions",
        "## Assumptions",
        "## Sources",
        "## Model",
        "## Reproducibility",
    ];
    let at: Vec<usize> = heads.iter().map(|h| md.find(h).expect(h)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{md}");
    assert!(
        md.contains("| shipped | 3,000,000 | 2,400,000 | 3,000,000 | 3,600,000 | shells |"),
        "{md}"
    );
    assert!(
        md.contains("| eu-2024 | Council of the EU \\| press release, 2024 | 2024-03-01 | <https://example.org/eu> |"),
        "sources carry their date: {md}"
    );
    assert!(md.contains("- `shipped = monthly_output * 10` (shells)"));
    assert!(md.contains("Tested as `shipped >= 1_000_000`."));
    assert!(md.contains(
        "P = 41.32% ± 0.049% (MC standard error) — about as likely as not under these \
         assumptions."
    ));
    assert!(md.contains("- Samples: 1,000,000 (plain Monte Carlo)"));
    assert!(
        md.contains(
            "| The EU delivered a million shells by March 2024, as promised to Ukraine in March \
             2023. (million) | 41.32% ± 0.049% | about as likely as not | – |"
        ),
        "the summary table: {md}"
    );
    for gone in [
        "## Correlated inputs",
        "## Evidence",
        "## Which assumption",
        "## Precision",
    ] {
        assert!(!md.contains(gone), "{gone} in {md}");
    }
}

#[test]
fn the_zero_hit_warning_sits_under_its_claim() {
    let r = example();
    let md = report_markdown(&r, &[]);
    let never = &md[md.find("### never").unwrap()..];
    let warning = never
        .find("> ⚠ claim \\`never\\`: no draw agreed with it")
        .expect(never);
    assert!(never[warning..].contains("below 0.0003%"), "{never}");
    assert!(warning < never.find("## Distributions").unwrap());
    assert!(
        !md[..md.find("### never").unwrap()].contains("⚠"),
        "not at the top"
    );
}

#[test]
fn full_report_has_every_section_and_each_chart_once() {
    let r = full();
    let charts = charts::plan(&r);
    let md = report_markdown(&r, &charts);
    let heads = [
        "## Summary",
        "## Claims",
        "## Distributions",
        "## Which assumption matters",
        "## What to find out next",
        "## Evidence",
        "### Which report moved the answer",
        "## Assumptions",
        "## Sources",
        "## Correlated inputs",
        "## Model",
        "## Precision",
        "## Reproducibility",
    ];
    let at: Vec<usize> = heads.iter().map(|h| md.find(h).expect(h)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{md}");
    for c in &charts {
        let link = format!("](charts/{}.png)", c.stem);
        assert_eq!(md.matches(&link).count(), 1, "{link} in {md}");
    }
    assert!(section(&md, "## Which assumption").contains("(charts/tornado_claim-million.png)"));
    assert!(section(&md, "## What to find out").contains("(charts/voi_million.png)"));
    assert!(
        section(&md, "## Summary")
            .contains("| share_152 (first-order index 0.62, after evidence) |"),
        "the driver, on its basis: {md}"
    );
}

/// Bug 2 and issue 10: with evidence, sensitivity and value of information are after it and
/// say so, total indices say they are before it, the probability quoted next to the value of
/// information is the one on the same basis, unresolved indices are words, constant inputs and
/// claims that never held are left out.
#[test]
fn sensitivity_and_voi_state_their_basis() {
    let md = report_markdown(&full(), &[]);
    let sens = section(&md, "## Which assumption matters");
    assert!(
        sens.contains("**These numbers are computed after the evidence**"),
        "{sens}"
    );
    assert!(sens.contains("**ST is before the evidence**"), "{sens}");
    assert!(
        sens.contains("### million (claim, after evidence)"),
        "{sens}"
    );
    assert!(
        !sens.contains("### never"),
        "a claim no draw satisfied: {sens}"
    );
    assert!(
        sens.contains(
            "**share_152** matters most: on its own it explains about 62% of the variance of \
             million after evidence, and 81% counting its interactions with other inputs (before \
             evidence). At most about 31 ± 4% of its variance is explained by no input or random source on its own"
        ),
        "{sens}"
    );
    let rows: Vec<&str> = sens
        .lines()
        .skip_while(|l| !l.starts_with("### million"))
        .take_while(|l| !l.starts_with("### shipped"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| input"))
        .collect();
    assert_eq!(
        rows,
        [
            "| share_152 | 0.50 | 0.62 ± 0.02 | 0.81 ± 0.03 | +38.0 ± 2.0 pp |",
            "| containers | 0.50 | 0.05 ± 0.02 | estimation problem | −12.0 ± 2.0 pp |",
            "| monthly_output | 0.50 | 0.02 ± 0.02 | 0.04 ± 0.03 | +5.0 ± 2.0 pp |",
        ],
        "{sens}"
    );
    assert!(sens.contains("| input | Spearman | S1 | ST (before evidence) | swing (pp) |"));
    assert!(
        sens.contains(
            "| containers | 0.50 | 0.00 ± 0.02 | 0.00 ± 0.03 | within noise (0 ± 0.02) |"
        ),
        "{sens}"
    );
    assert!(sens.contains("Left out (constant in this run, so nothing to attribute): loss_rate."));
    let voi = section(&md, "## What to find out next");
    assert!(voi.contains("**These numbers are computed after the evidence**"));
    assert!(
        voi.contains(
            "Knowing **share_152** exactly would move the probability of million (after the \
             evidence: 41.3%) by about 21.0 ± 0.4 points on average, with a chance of about 34% \
             of carrying it across 50%."
        ),
        "{voi}"
    );
    assert!(
        voi.contains("| monthly_output | 0 (not detected) | 0% |"),
        "{voi}"
    );
    assert!(!voi.contains("### never"), "{voi}");
    assert!(
        voi.contains("No detectable effect: monthly_output."),
        "{voi}"
    );
}

#[test]
fn warnings_sit_next_to_their_numbers() {
    let mut r = full();
    r.precision = Some(PrecisionResult {
        met: false,
        reached: 0.002,
        ..r.precision.clone().unwrap()
    });
    r.warnings.push(crate::results::Warning::PrecisionNotMet {
        claim: ClaimId::new(0),
        target: 0.001,
        reached: 0.002,
        max_samples: 10_000_000,
    });
    let md = report_markdown(&r, &[]);
    let evidence = section(&md, "## Evidence");
    assert!(evidence.contains(
        "**Effective sample size after all evidence: 8,123 of 1,000,000 draws (0.8%).**\n\n> ⚠ after weighting by the evidence only about 8123"
    ), "{evidence}");
    let precision = section(&md, "## Precision");
    assert!(precision.contains("**not met**"), "{precision}");
    assert!(
        precision
            .contains("> ⚠ --precision 0.001: target not met; claim \\`million\\` reached 0.002"),
        "{precision}"
    );
    assert!(precision.contains("Wilson score interval"), "{precision}");
}

/// Issue 8 item 12: raw HTML and line breaks in user text cannot escape where they are shown.
#[test]
fn user_text_is_escaped_where_rendered() {
    let mut r = example();
    r.run.title = "<script>alert(1)</script>\n# injected".to_string();
    r.quantities[QuantityId::new(1)].unit = Some("shells\n| x | y |".to_string());
    r.claims[ClaimId::new(0)].text = "<img src=x onerror=alert(1)>\n# not a heading".to_string();
    r.sources[0].url = Some("javascript:alert(1)".to_string());
    let md = report_markdown(&r, &[]);
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(
        md.starts_with("# &lt;script>alert(1)&lt;/script> \\# injected\n\n"),
        "{md}"
    );
    assert!(md.contains("| shells \\| x \\| y \\| |\n"), "{md}");
    assert!(
        md.contains("> &lt;img src=x onerror=alert(1)>\n> \\# not a heading"),
        "{md}"
    );
    assert!(!md.contains("<javascript:"), "{md}");
    assert_eq!(
        md.lines().filter(|l| l.starts_with("# ")).count(),
        1,
        "{md}"
    );
}

mod html {
    use super::*;
    use scraper::{Html, Selector};

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        doc.select(&Selector::parse(css).unwrap()).collect()
    }

    fn text(e: &scraper::ElementRef) -> String {
        e.text().collect::<String>()
    }

    /// The page holds every section (linked from the contents), every claim in the summary
    /// table and in its own section, and every chart once, inline, with its title.
    #[test]
    fn every_section_claim_and_chart_is_in_the_page() {
        let r = full();
        let svgs = charts::render_svgs(&r).unwrap();
        assert!(!svgs.is_empty());
        let page = report_html(&r, &svgs);
        let doc = Html::parse_document(&page);
        let sections: Vec<String> = select(&doc, "main > section")
            .iter()
            .map(|s| s.value().id().unwrap().to_string())
            .collect();
        let toc: Vec<String> = select(&doc, "nav.toc a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(
            toc,
            sections.iter().map(|s| format!("#{s}")).collect::<Vec<_>>()
        );
        assert_eq!(sections[..2], ["the-question", "summary"]);
        assert_eq!(sections.last().unwrap(), "reproducibility");
        let rows = select(&doc, "#summary tbody tr");
        assert_eq!(rows.len(), r.claims.len());
        for (c, row) in r.claims.iter().zip(&rows) {
            assert!(text(row).contains(c.text.trim()), "{}", text(row));
            assert_eq!(select(&doc, &format!("h3#claim-{}", c.id)).len(), 1);
        }
        let figures = select(&doc, "figure");
        assert_eq!(figures.len(), svgs.len());
        for (f, _) in &svgs {
            let fig = select(&doc, &format!("figure#chart-{}", f.stem));
            assert_eq!(fig.len(), 1, "{}", f.stem);
            let svg = select(&doc, &format!("figure#chart-{} svg", f.stem));
            assert_eq!(svg[0].value().attr("aria-label"), Some(f.title.as_str()));
            assert!(
                svg[0].value().attr("width").is_none(),
                "scales with the page"
            );
            assert_eq!(
                text(&select(&doc, &format!("figure#chart-{} figcaption", f.stem))[0]),
                f.title
            );
        }
        assert!(select(&doc, "script").is_empty());
        assert_eq!(
            select(&doc, "meta[name=viewport]")[0]
                .value()
                .attr("content"),
            Some("width=device-width, initial-scale=1")
        );
        // Links lead to sections of the page, or to the sources' own addresses.
        for a in select(&doc, "a[href]") {
            let href = a.value().attr("href").unwrap();
            if let Some(id) = href.strip_prefix('#') {
                assert!(
                    !select(&doc, &format!("[id=\"{id}\"]")).is_empty(),
                    "dangling {href}"
                );
            } else {
                assert_eq!(href, "https://example.org/eu");
            }
        }
        assert!(page.contains("@media print"));
    }

    /// User text is escaped in the page and in the inline charts: no element, attribute or
    /// link comes from it.
    #[test]
    fn user_text_is_escaped_in_the_page() {
        let mut r = full();
        let evil = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'&";
        r.run.title = evil.to_string();
        r.run.description = Some(format!("{evil}\n\nsecond paragraph"));
        r.quantities[QuantityId::new(0)].unit = Some(evil.to_string());
        r.quantities[QuantityId::new(0)].note = Some(evil.to_string());
        r.claims[ClaimId::new(0)].text = evil.to_string();
        r.claims[ClaimId::new(0)].group = Some(evil.to_string());
        r.sources[0].cite = evil.to_string();
        r.sources[0].url = Some("javascript:alert(1)".to_string());
        let svgs = charts::render_svgs(&r).unwrap();
        let page = report_html(&r, &svgs);
        let doc = Html::parse_document(&page);
        assert!(select(&doc, "script, img, [onerror]").is_empty(), "{page}");
        assert!(!page.contains("javascript:alert(1)\""), "not a link");
        assert_eq!(text(&select(&doc, "h1")[0]), evil);
        assert_eq!(text(&select(&doc, "title")[0]), evil);
        let question: Vec<String> = select(&doc, "#the-question p").iter().map(text).collect();
        assert_eq!(question, [evil, "second paragraph"]);
        assert!(text(&select(&doc, "#summary tbody tr")[0]).contains(evil));
    }
}
