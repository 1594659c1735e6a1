use junheng_core::rulebook::Rulebook;
use junheng_rotation::{PlanInput, PlanOptions, plan, plan_exhaustive};
use crate::common::small;
#[test]
fn debug_seed() {
    let rulebook = Rulebook::builtin("cn-2017").unwrap();
    let d = small(6, 9, 13);
    let input = PlanInput { records: &d.records, roster: &d.roster, ledger: &[], groups: &d.groups, rulebook: &rulebook };
    let options = PlanOptions { year: 2024, max_moves: Some(3), ..Default::default() };
    let best = plan_exhaustive(&input, &options).unwrap().unwrap();
    let greedy = plan(&input, &options, &mut |_| {}).unwrap();
    for p in [&best, &greedy] {
        eprintln!("cands {} moves {:?}", p.candidates, p.moves.iter().map(|m| (m.teacher.as_str(), m.backbone, m.pe_arts, m.subject.clone(), m.to.as_str())).collect::<Vec<_>>());
        eprintln!("{:?} {:?} {:?}", p.quota_after, p.objective, p.worst);
    }
}
