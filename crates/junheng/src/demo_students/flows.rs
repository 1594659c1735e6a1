//! The demo's flows from one school year to the next: what happens during a year (transfers,
//! 休学 and 复学, 辍学, deaths, absences, 毕业) and the move up a grade with the new intake.

use junheng_core::date::days_from_civil;
use junheng_store::EventKind;

use super::{World, day_in};

impl World<'_> {
    /// A school other than `not` that teaches `grade` (not the special school).
    fn other_school(&mut self, not: usize, grade: u8) -> Option<usize> {
        let fits: Vec<usize> = (0..self.schools.len())
            .filter(|&s| {
                s != not
                    && !self.schools[s].special
                    && self.schools[s].sizes[usize::from(grade) - 1] > 0
            })
            .collect();
        (!fits.is_empty()).then(|| *self.synth.rng.pick(&fits))
    }

    /// What happens during school year `year` (dated in it): transfers, 休学 and 复学, 辍学,
    /// deaths, absences, and in June the 毕业 of grades 6 and 9; children who leave are gone
    /// from the next registry. In the last year no child arrives from outside (there is no
    /// later registry to list them).
    pub(super) fn year_events(&mut self, year: i32, last: bool) {
        let present: Vec<usize> = (0..self.kids.len())
            .filter(|&i| !self.kids[i].gone)
            .collect();
        let mut dropouts = 0;
        let mut deaths = 0;
        for &i in &present {
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if self.schools[s].special {
                continue;
            }
            let r = self.synth.rng.unit();
            if r < 0.012 {
                // 转学 within the district: 转出 here, 转入 there, the same child.
                if let Some(to) = self.other_school(s, g) {
                    let on = day_in(&mut self.synth.rng, year, 20, 280);
                    let (from_name, to_name) = (
                        self.schools[s].record.name.clone(),
                        self.schools[to].record.name.clone(),
                    );
                    let confirmed = self.synth.rng.chance(0.8);
                    self.event(i, s, EventKind::TransferOut, on);
                    if let Some(p) = self.pending.last_mut() {
                        p.place = to_name;
                        p.confirmed = confirmed;
                    }
                    let arrived = on + i64::from(self.synth.rng.int(0, 3));
                    self.event(i, to, EventKind::TransferIn, arrived);
                    if let Some(p) = self.pending.last_mut() {
                        p.place = from_name;
                    }
                    self.kids[i].school = to;
                }
            } else if r < 0.020 {
                // 转学 out of the district, confirmed by the receiving school.
                let on = day_in(&mut self.synth.rng, year, 20, 280);
                let place = match self.synth.rng.int(0, 3) {
                    0 => "四川省成都市某小学（随父母务工迁出）",
                    1 => "贵州省遵义市某学校（回户籍地就读）",
                    2 => "重庆市渝北区某学校",
                    _ => "广东省东莞市某学校（随父母务工迁出）",
                };
                self.event(i, s, EventKind::TransferOut, on);
                if let Some(p) = self.pending.last_mut() {
                    p.place = place.to_owned();
                    p.confirmed = true;
                }
                self.kids[i].gone = true;
            } else if r < 0.021 {
                // 休学 for illness, 复学 some months later.
                let on = day_in(&mut self.synth.rng, year, 30, 150);
                self.event(i, s, EventKind::Suspend, on);
                let back = on + i64::from(self.synth.rng.int(40, 120));
                self.event(i, s, EventKind::Resume, back);
            } else if r < 0.031 {
                // An absence of a day or three, verified back then.
                let on = day_in(&mut self.synth.rng, year, 10, 290);
                self.event(i, s, EventKind::Absence, on);
                if let Some(p) = self.pending.last_mut() {
                    p.days = self.synth.rng.int(1, 3);
                }
            } else if g >= 7 && dropouts < 4 && r < 0.0312 {
                dropouts += 1;
                let on = day_in(&mut self.synth.rng, year, 60, 260);
                self.event(i, s, EventKind::Dropout, on);
                self.kids[i].gone = true;
            } else if deaths < 3 && r > 0.99985 {
                deaths += 1;
                let on = day_in(&mut self.synth.rng, year, 10, 290);
                self.event(i, s, EventKind::Death, on);
                self.kids[i].gone = true;
            }
        }
        // Arrivals from outside the district during the year (listed from the next registry).
        if !last {
            for s in 0..self.schools.len() {
                if self.schools[s].special {
                    continue;
                }
                // Not grade 9: they would leave before any registry lists them.
                for g in 1..=8u8 {
                    let size = self.schools[s].sizes[usize::from(g) - 1];
                    let n =
                        (f64::from(size) * 0.008 * self.synth.rng.range(0.5, 1.5)).round() as u32;
                    for _ in 0..n {
                        let k = self.add_kid(s, g, year);
                        let on = day_in(&mut self.synth.rng, year, 20, 280);
                        let place = [
                            "四川省广安市某学校",
                            "贵州省毕节市某学校",
                            "湖南省怀化市某学校",
                        ][k % 3];
                        self.event(k, s, EventKind::TransferIn, on);
                        if let Some(p) = self.pending.last_mut() {
                            p.place = place.to_owned();
                        }
                    }
                }
            }
        }
        // June: a few junior pupils have left without a word before; the rest graduate.
        let june = days_from_civil(i64::from(year) + 1, 6, 28);
        for i in 0..self.kids.len() {
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if self.kids[i].gone || !matches!(g, 6 | 9) {
                continue;
            }
            if g == 9 && !self.schools[s].special && self.synth.rng.chance(0.006) {
                self.kids[i].gone = true;
                self.kids[i].vanished = true;
                continue;
            }
            self.event(i, s, EventKind::Graduate, june);
        }
    }

    /// The next school year: grade 9 has left; the others move up a grade (a few leave without
    /// a record); grade 6 fills the junior schools of its 学区, then any with room; new grade-1
    /// classes and grade-7 arrivals enter (入学).
    pub(super) fn advance(&mut self, year: i32) {
        let next = year + 1;
        let september = days_from_civil(i64::from(next), 9, 1);
        let mut leaving_primary: Vec<usize> = Vec::new();
        for i in 0..self.kids.len() {
            if self.kids[i].gone {
                continue;
            }
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if g == 9 {
                self.kids[i].gone = true;
                continue;
            }
            let leaves = match g {
                7 | 8 => 0.013,
                _ => 0.002,
            };
            if !self.schools[s].special && self.synth.rng.chance(leaves) {
                self.kids[i].gone = true;
                self.kids[i].vanished = true;
                continue;
            }
            self.kids[i].grade = g + 1;
            if g == 6 && self.schools[s].sizes[6] == 0 {
                leaving_primary.push(i);
            }
        }
        // Room in each junior school's grade 7 (its statistics' size, give or take).
        let mut room: Vec<i64> = self.schools.iter().map(|s| i64::from(s.sizes[6])).collect();
        for k in self.kids.iter().filter(|k| !k.gone && k.grade == 7) {
            room[k.school] -= 1;
        }
        let zones: Vec<&str> = self
            .schools
            .iter()
            .map(|s| s.record.zone.as_deref().unwrap_or_default())
            .collect();
        for pass in 0..2 {
            for &i in &leaving_primary {
                let k = &self.kids[i];
                // Placed in the first pass.
                if k.gone || self.schools[k.school].sizes[6] > 0 {
                    continue;
                }
                let home = zones[k.school];
                let to = (0..self.schools.len())
                    .filter(|&s| {
                        room[s] > 0 && !self.schools[s].special && (pass == 1 || zones[s] == home)
                    })
                    .max_by_key(|&s| room[s]);
                if let Some(to) = to {
                    room[to] -= 1;
                    self.kids[i].school = to;
                }
            }
        }
        for &i in &leaving_primary {
            // Those for whom no junior school here has room went to one elsewhere.
            if self.schools[self.kids[i].school].sizes[6] == 0 {
                self.kids[i].gone = true;
            }
        }
        for (s, &left) in room.iter().enumerate() {
            // Grade-7 arrivals (from primary schools elsewhere) fill the rest.
            for _ in 0..left.max(0) {
                self.add_kid(s, 7, next);
            }
            let intake = f64::from(self.schools[s].sizes[0]) * self.synth.rng.range(0.95, 1.05);
            for _ in 0..intake.round() as u32 {
                self.add_kid(s, 1, next);
            }
        }
        for i in 0..self.kids.len() {
            let k = &self.kids[i];
            if !k.gone && (k.grade == 1 || k.grade == 7) {
                let s = k.school;
                self.event(i, s, EventKind::Enter, september);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use junheng_core::demo::{DemoSpec, generate_years};

    #[test]
    fn children_move_up_a_grade_graduate_and_are_replaced_by_a_new_intake() {
        let records = generate_years(
            &DemoSpec {
                schools: 30,
                seed: 5,
                year: 2024,
            },
            3,
        );
        let (seal, pseudonym) = StudentKeys::generate();
        let keys = StudentKeys::from_hex(&seal, &pseudonym).unwrap();
        let mut w = World::new(&records, 2024, 5, &keys);
        w.populate(2022);
        let registered = |w: &World| w.kids.iter().filter(|k| !k.gone).count();
        let first = registered(&w);
        let expected: u32 = w.schools.iter().flat_map(|s| s.sizes).sum();
        assert_eq!(first, expected as usize);
        let ninth: Vec<usize> = (0..w.kids.len())
            .filter(|&i| w.kids[i].grade == 9)
            .collect();
        let third: Vec<usize> = (0..w.kids.len())
            .filter(|&i| w.kids[i].grade == 3)
            .collect();
        w.year_events(2022, false);
        w.advance(2022);
        // Grade 9 has left; grade 3 is grade 4, the same children, but those who left.
        assert!(ninth.iter().all(|&i| w.kids[i].gone));
        let stayed = third.iter().filter(|&&i| !w.kids[i].gone).count();
        assert!(
            stayed * 100 >= third.len() * 95,
            "{stayed} of {}",
            third.len()
        );
        assert!(
            third
                .iter()
                .all(|&i| w.kids[i].gone || w.kids[i].grade == 4)
        );
        // About as many children as before (the statistics' sizes), a new grade 1.
        let now = registered(&w);
        assert!(now.abs_diff(first) * 20 < first, "{now} against {first}");
        assert!(w.kids.iter().any(|k| !k.gone && k.grade == 1));
        // Every grade 9 graduated in June, with an 毕业 of grade 9.
        let graduated = w
            .pending
            .iter()
            .filter(|p| p.kind == EventKind::Graduate && p.grade == 9)
            .count();
        assert!(
            graduated * 100 >= ninth.len() * 98,
            "{graduated} of {}",
            ninth.len()
        );
        // Children on the registry have distinct 学籍号.
        let mut numbers: Vec<&str> = w
            .kids
            .iter()
            .filter(|k| !k.gone)
            .map(|k| k.child.number.expose())
            .collect();
        let n = numbers.len();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), n);
    }
}
