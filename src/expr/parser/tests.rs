//! Parser tests: precedence (trees shown fully parenthesised), error positions, spans.

use super::*;

/// Renders a tree fully parenthesised, to check precedence.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Num(v) => format!("{v}"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Str(s) => format!("\"{s}\""),
        ExprKind::Unary(UnOp::Neg, a) => format!("(-{})", show(a)),
        ExprKind::Unary(UnOp::Not, a) => format!("(not {})", show(a)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
        ExprKind::Chain(first, rest) => rest.iter().fold(show(first), |acc, (op, b)| {
            format!("({acc} {} {})", op.symbol(), show(b))
        }),
        ExprKind::To(a, b) => format!("({} to {})", show(a), show(b)),
        ExprKind::Call(c) => {
            format!(
                "{}({})",
                c.name,
                c.args.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        ExprKind::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
    }
}

#[test]
fn precedence() {
    let cases = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
        ("-x ^ 2", "(-(x ^ 2))"),
        ("a * 2 to b + 1", "((a * 2) to (b + 1))"),
        (
            "x >= 3M and not y < 2 or z",
            "(((x >= 3000000) and (not (y < 2))) or z)",
        ),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("max(a, b - 1, 3)", "max(a, (b - 1), 3)"),
        (
            "mixture(1 to 2, normal(0, 1), [0.3, 0.7])",
            "mixture((1 to 2), normal(0, 1), [0.3, 0.7])",
        ),
        ("a - b - c", "((a - b) - c)"),
        ("a / b * c", "((a / b) * c)"),
        ("-3", "-3"),
    ];
    for (src, want) in cases {
        assert_eq!(show(&parse(src).unwrap()), want, "{src}");
    }
}

#[test]
fn errors_point_at_the_problem() {
    let cases = [
        ("1 +", 3, "expected a number"),
        ("(1 + 2", 6, "expected `)`"),
        ("a < b < c", 6, "chained"),
        ("f(1 2)", 4, "expected `,` or `)`"),
        ("1 2", 2, "unexpected number"),
        ("", 0, "empty"),
        ("1 to 2 to 3", 7, "chained"),
        ("x and", 5, "expected a number"),
        ("to", 0, "keyword"),
    ];
    for (src, col, msg) in cases {
        let e = parse(src).unwrap_err();
        assert_eq!(e.span.start, col, "{src}: {e:?}");
        assert!(e.message.contains(msg), "{src}: {}", e.message);
    }
}

#[test]
fn spans_cover_source() {
    let e = parse("containers * rounds").unwrap();
    assert_eq!(e.span, Span::new(0, 19));
    let names = e.names();
    assert_eq!(names[1].1, Span::new(13, 19));
}
