//! Teacher development (issue 17): each capability's tables, read and written through the
//! district's store, every write audited in its transaction.

pub mod honours;
pub mod posts;
pub mod studios;
pub mod training;

use junheng_rotation::TeacherId;

use crate::audit::append;
use crate::district::DistrictStore;
use crate::limits::check_actor;
use crate::pool::with_pool;
use crate::{Actor, StoreError};

impl DistrictStore {
    /// Records that `actor` read something of a teacher (`action`), naming the teacher by 教师编号
    /// only, with `detail` (what was shown, or how it was read).
    pub(crate) async fn log_teacher_read(
        &self,
        action: &'static str,
        of: &TeacherId,
        detail: String,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            append!(
                pool,
                Some(self.id),
                &actor.name,
                action,
                format!("teacher:{}", of.as_str()),
                detail
            )?;
        });
        Ok(())
    }
}
