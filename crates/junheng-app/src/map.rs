//! The map's boundary of a district: an upload checked (GeoJSON read and bounded by
//! `junheng_io::geojson`, the checks of `junheng_core::geo`) and stored in its canonical form;
//! the current boundary read back for drawing.

use junheng_core::geo::Boundary;
use junheng_io::geojson::{read_boundary, write_shape, write_townships};
use junheng_store::{Actor, DistrictStore, NewBoundary, StoreError};

/// What an upload stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The stored boundary's id.
    pub id: i64,
    /// Positions of outline and townships.
    pub vertices: usize,
    /// Townships.
    pub townships: usize,
}

/// Checks a district outline file and an optional township file and stores them as the
/// district's boundary. [`StoreError::Invalid`] (nothing written) with a Chinese message that
/// names the file and what is expected when either is not a usable boundary.
pub async fn set_boundary(
    store: &DistrictStore,
    outline: &[u8],
    townships: Option<&[u8]>,
    file_name: &str,
    actor: &Actor,
) -> Result<Saved, StoreError> {
    let boundary = read_boundary(outline, townships).map_err(StoreError::Invalid)?;
    let outline = write_shape(&boundary.district);
    let towns = (!boundary.townships.is_empty()).then(|| write_townships(&boundary.townships));
    let vertices = boundary.vertices();
    let id = store
        .save_boundary(
            &NewBoundary {
                outline: &outline,
                townships: towns.as_deref(),
                township_count: boundary.townships.len(),
                vertices,
                file_name,
            },
            actor,
        )
        .await?;
    Ok(Saved {
        id,
        vertices,
        townships: boundary.townships.len(),
    })
}

/// The district's current boundary, if one was uploaded.
pub async fn boundary(store: &DistrictStore) -> Result<Option<Boundary>, StoreError> {
    let Some(stored) = store.boundary().await? else {
        return Ok(None);
    };
    read_boundary(
        stored.outline.as_bytes(),
        stored.townships.as_ref().map(String::as_bytes),
    )
    .map(Some)
    .map_err(|_| StoreError::Corrupt {
        table: "district_boundaries",
        column: "outline",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_store::Store;

    #[tokio::test]
    async fn an_upload_is_stored_and_read_back_and_a_bad_one_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::open(&url).await.unwrap();
        let home = store.only_district().await.unwrap();
        let home = store.in_district(home.id);
        let admin = Actor::new("admin");
        let bad = br#"{"type":"Polygon","coordinates":[[[29.4,106.4],[29.7,106.4],[29.7,106.7],[29.4,106.4]]]}"#;
        let err = set_boundary(&home, bad, None, "bad.geojson", &admin)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid");
        assert!(err.to_string().contains("不在中国范围内"), "{err}");
        assert_eq!(boundary(&home).await.unwrap(), None);

        let demo = junheng_core::demo::boundary(3);
        let file = write_shape(&demo.district);
        let saved = set_boundary(&home, file.as_bytes(), None, "区界.geojson", &admin)
            .await
            .unwrap();
        assert_eq!((saved.vertices, saved.townships), (demo.vertices(), 0));
        assert_eq!(boundary(&home).await.unwrap(), Some(demo));
    }
}
