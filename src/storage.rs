//! Where evidence files are kept: one interface over a local folder (the default, under the data
//! folder) or an S3-compatible bucket (deployments). Keys are made by the app, never from a name
//! someone typed or uploaded, so no upload can reach outside its district's prefix.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use axum::body::Bytes;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use uuid::Uuid;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// "local folder data/evidence" or "S3 bucket aip-evidence": for the startup log line.
    pub description: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

impl Storage {
    /// `setting` is `EVIDENCE_STORE`: unset means `<data_dir>/evidence`; `s3://bucket[/prefix]`
    /// means a bucket configured by the usual `AWS_*` variables (`AWS_ENDPOINT` for MinIO and
    /// other S3-compatible services); anything else is a local folder.
    pub fn from_setting(setting: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        match setting.map(str::trim).filter(|s| !s.is_empty()) {
            None => Self::local(&data_dir.join("evidence")),
            Some(url) if url.starts_with("s3://") => Self::s3(url),
            Some(folder) => Self::local(Path::new(folder)),
        }
    }

    pub fn local(folder: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder).with_context(|| {
            format!("could not create the evidence folder {}", folder.display())
        })?;
        let store = LocalFileSystem::new_with_prefix(folder)
            .with_context(|| format!("could not open the evidence folder {}", folder.display()))?;
        Ok(Self {
            store: Arc::new(store),
            description: format!("local folder {}", folder.display()),
        })
    }

    fn s3(url: &str) -> anyhow::Result<Self> {
        let rest = url.trim_start_matches("s3://");
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        crate::tls::install_crypto_provider();
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .with_context(|| format!("could not configure the S3 store {url}"))?;
        let store: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(
                store,
                prefix.trim_matches('/'),
            ))
        };
        Ok(Self {
            store,
            description: format!("S3 bucket {bucket}"),
        })
    }

    /// A new key inside the district's own prefix.
    pub fn new_key(district_id: Uuid) -> String {
        format!("{district_id}/{}", Uuid::new_v4())
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> anyhow::Result<()> {
        self.store
            .put(&StorePath::from(key), PutPayload::from_bytes(bytes))
            .await
            .with_context(|| format!("storing evidence file {key}"))?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<Bytes> {
        Ok(self.read(key).await?.bytes().await?)
    }

    async fn read(&self, key: &str) -> anyhow::Result<object_store::GetResult> {
        self.store
            .get(&StorePath::from(key))
            .await
            .with_context(|| format!("reading evidence file {key}"))
    }

    /// A file as a stream of chunks, with its size: for the backup and the district export, which
    /// pass files on without holding them whole.
    pub async fn get_stream(
        &self,
        key: &str,
    ) -> anyhow::Result<(u64, BoxStream<'static, object_store::Result<Bytes>>)> {
        let result = self.read(key).await?;
        Ok((result.meta.size, result.into_stream()))
    }

    /// A writer that uploads a file in parts as it is written (a restore's files).
    pub async fn writer(&self, key: &str) -> anyhow::Result<WriteMultipart> {
        let upload = self
            .store
            .put_multipart(&StorePath::from(key))
            .await
            .with_context(|| format!("storing evidence file {key}"))?;
        Ok(WriteMultipart::new(upload))
    }

    /// Some file the store holds, if it holds any (a restore asks for an empty store).
    pub async fn any_key(&self) -> anyhow::Result<Option<String>> {
        match self.store.list(None).next().await {
            None => Ok(None),
            Some(meta) => Ok(Some(
                meta.context("listing the evidence store")?
                    .location
                    .to_string(),
            )),
        }
    }

    /// Removes a file; one that is already gone is not an error.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&StorePath::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e).with_context(|| format!("removing evidence file {key}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_store_keeps_and_returns_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::from_setting(None, dir.path()).unwrap();
        let key = Storage::new_key(Uuid::new_v4());
        storage
            .put(&key, Bytes::from_static(b"%PDF-1.4 minutes"))
            .await
            .unwrap();
        assert_eq!(
            storage.get(&key).await.unwrap(),
            Bytes::from_static(b"%PDF-1.4 minutes")
        );
        assert!(dir.path().join("evidence").join(&key).is_file());
        storage.delete(&key).await.unwrap();
        storage.delete(&key).await.unwrap();
        assert!(storage.get(&key).await.is_err());
    }

    #[test]
    fn the_setting_chooses_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let s3 = Storage::from_setting(Some("s3://aip-evidence/throughline"), dir.path()).unwrap();
        assert_eq!(s3.description, "S3 bucket aip-evidence");
        let folder = dir.path().join("elsewhere");
        let local = Storage::from_setting(Some(folder.to_str().unwrap()), dir.path()).unwrap();
        assert!(local.description.contains("elsewhere"));
        assert!(folder.is_dir());
    }

    #[test]
    fn keys_stay_inside_the_district_prefix() {
        let district = Uuid::new_v4();
        let key = Storage::new_key(district);
        assert!(key.starts_with(&format!("{district}/")));
        assert!(!key.contains(".."));
    }
}
