//! `--set` on a `[shipment]` parameter, named by its key (`shipment.containers`,
//! `shipment.cargo.<id>.share` / `.load`, `shipment.lot.<id>.share` / `.dud_rate`), and the
//! keys that can be set, for suggestions.

use super::super::context::Ctx;
use super::super::raw::RawFile;
use super::{refused, Applied, Override};
use crate::text::{nearest, Located, Scalar};

/// Replaces a `[shipment]` parameter named by its key: `None` when the name is not a shipment
/// key, else the record (one already reported as an error when the key cannot be set).
pub(super) fn shipment_slot(
    cx: &mut Ctx,
    raw: &mut RawFile,
    o: &Override,
    at: &Located<Scalar>,
) -> Option<Applied> {
    let rest = o.name.strip_prefix("shipment.")?;
    let keys = shipment_keys(raw);
    let Some(s) = raw.shipment.as_mut() else {
        cx.at(
            &at.span(),
            &o.name,
            "the scenario has no [shipment] section",
        );
        return Some(refused(o));
    };
    let s = s.get_mut();
    let record = |was: String| Applied {
        name: o.name.clone(),
        key: o.name.clone(),
        expr: at.get_ref().text(),
        was,
        flag: o.flag(),
        note: None,
    };
    let swap = |t: &mut Located<Scalar>| record(std::mem::replace(t, at.clone()).get_ref().text());
    let parts: Vec<&str> = rest.split('.').collect();
    let done = match parts.as_slice() {
        ["containers"] => Some(swap(&mut s.containers)),
        ["cargo", id, field] => {
            let c = s.cargo.iter_mut().find(|c| c.get_ref().id.get_ref() == id);
            match (c.map(Located::get_mut), *field) {
                (Some(c), "share") => Some(swap(&mut c.share)),
                (Some(c), "load") => match c.load.as_mut() {
                    Some(l) => Some(swap(l)),
                    None => {
                        let msg = format!("cargo `{id}` has no load (other cargo); a load can be changed, not added");
                        cx.at(&at.span(), &o.name, msg);
                        return Some(refused(o));
                    }
                },
                _ => None,
            }
        }
        ["lot", id, field] => {
            let l = s.lot.iter_mut().find(|l| l.get_ref().id.get_ref() == id);
            match (l.map(Located::get_mut), *field) {
                (Some(l), "share") => Some(swap(&mut l.share)),
                (Some(l), "dud_rate") => {
                    let was = l.dud_rate.replace(at.clone());
                    Some(record(was.map_or("0".to_string(), |v| v.get_ref().text())))
                }
                _ => None,
            }
        }
        _ => None,
    };
    if done.is_some() {
        return done;
    }
    let help = nearest(&o.name, keys.iter().map(String::as_str))
        .map(|n| format!("did you mean `{n}`?"))
        .unwrap_or_else(|| format!("[shipment] parameters: {}", keys.join(", ")));
    cx.at(
        &at.span(),
        &o.name,
        format!("`{}` is not a [shipment] parameter", o.name),
    )
    .help = Some(help);
    Some(refused(o))
}

/// Every `[shipment]` parameter key that `--set` accepts.
pub(super) fn shipment_keys(raw: &RawFile) -> Vec<String> {
    let Some(s) = &raw.shipment else {
        return Vec::new();
    };
    let s = s.get_ref();
    let mut keys = vec!["shipment.containers".to_string()];
    for c in &s.cargo {
        let id = c.get_ref().id.get_ref();
        keys.push(format!("shipment.cargo.{id}.share"));
        if c.get_ref().load.is_some() {
            keys.push(format!("shipment.cargo.{id}.load"));
        }
    }
    for l in &s.lot {
        let id = l.get_ref().id.get_ref();
        keys.push(format!("shipment.lot.{id}.share"));
        keys.push(format!("shipment.lot.{id}.dud_rate"));
    }
    keys
}
