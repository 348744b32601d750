//! Tests of compiling expressions: types, constant folding and errors.

use super::*;
use crate::expr::parse;

fn names() -> Vec<String> {
    ["containers", "rounds", "dud_rate"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn comp(src: &str) -> Result<(Node, Ty), ExprError> {
    let all = names();
    compile(&parse(src)?, src, &Names::new(&all))
}

#[test]
fn types() {
    assert_eq!(comp("containers * rounds").unwrap().1, Ty::Num);
    assert_eq!(comp("containers * rounds >= 3M").unwrap().1, Ty::Bool);
    assert_eq!(
        comp("containers > 1 and not rounds < 2").unwrap().1,
        Ty::Bool
    );
    assert_eq!(comp("if(rounds > 400, 1, 0)").unwrap().1, Ty::Num);
}

#[test]
fn folds_constants() {
    assert_eq!(comp("2 * 3 + max(1, 4)").unwrap().0.as_const(), Some(10.0));
    assert_eq!(comp("1 - 2 - 3 + 10").unwrap().0.as_const(), Some(6.0));
}

#[test]
fn chains_fold_only_their_leading_constants() {
    // `2 * 3 * x` is `6 * x`, as the left-nested tree folds it.
    let (n, _) = comp("2 * 3 * containers").unwrap();
    assert!(
        matches!(&n, Node::Bin(BinOp::Mul, a, b) if a.as_const() == Some(6.0) && matches!(**b, Node::Ref(_))),
        "{n:?}"
    );
    // `x * 2 * 3` stays a chain of three: (x * 2) * 3 is not always x * 6.
    let (n, _) = comp("containers * 2 * 3").unwrap();
    assert!(matches!(&n, Node::Chain(_, t) if t.len() == 2), "{n:?}");
    // A constant step that is not a finite number is an error, located.
    let e = comp("1e308 * 10 * 2 * containers").unwrap_err();
    assert!(e.message.contains("`1e308 * 10` is"), "{}", e.message);
    assert!(comp("containers * 2 / 0").is_err());
}

#[test]
fn errors() {
    let cases = [
        ("contianers * 2", "unknown name", Some("containers")),
        ("nromal(0, 1)", "unknown function", Some("normal")),
        ("beta(1)", "takes 2 arguments", None),
        ("beta(-1, 2)", "must be > 0", None),
        ("(rounds > 3) * 2", "true/false", None),
        ("rounds and dud_rate", "true/false", None),
        ("[1, 2]", "list", None),
        (
            "mixture(1 to 2, 3 to 4, [1])",
            "2 components but 1 weights",
            None,
        ),
        ("sqrt(1, 2)", "takes 1 argument", None),
        ("min(1)", "2 or more", None),
        ("7400 to 6000", "", None),
        ("0 to 5", "", None),
        ("uniform(3, 3)", "", None),
        ("binomial(10, 1.2)", "", None),
        ("beta_ci(dud_rate, 0.9)", "constant", None),
        // `mx` was an undocumented alias of mixture; it is gone.
        ("mx(1 to 2, 3 to 4)", "unknown function `mx`", None),
    ];
    for (src, msg, help) in cases {
        let e = comp(src).unwrap_err();
        assert!(e.message.contains(msg), "{src}: {}", e.message);
        if let Some(h) = help {
            assert!(
                e.help.as_deref().unwrap_or("").contains(h),
                "{src}: {:?}",
                e.help
            );
        }
    }
}
