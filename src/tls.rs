//! The one TLS crypto provider of the process. sqlx and lettre name ring themselves; the HTTPS
//! client of the S3 store takes the process default, which is ring as well, so no second
//! crypto library (aws-lc, a C build) is compiled in.

/// Makes ring the process's default rustls provider. Safe to call more than once and from any
/// thread: the first call wins and the rest find it in place.
pub fn install_crypto_provider() {
    // Err only means a provider is already installed, which is all this asks.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
