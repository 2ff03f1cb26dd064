//! The benchmark's reference: TechEmpower's "Fortunes" on the same stack as Throughline (axum,
//! sqlx on PostgreSQL, askama), outside the app's routes. One query of twelve rows, one added in
//! memory, sorted, escaped into one template: the floor a database-backed page of this stack
//! stands on, measured in the same run as the app's pages.
//!
//! `DATABASE_URL=… BIND=127.0.0.1:18090 target/release/examples/fortunes`

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::{Router, routing::get};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

#[derive(sqlx::FromRow)]
struct Fortune {
    id: i32,
    message: String,
}

#[derive(Template)]
#[template(
    ext = "html",
    source = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>\
<tr><th>id</th><th>message</th></tr>\
{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}\
</table></body></html>"
)]
struct Page {
    fortunes: Vec<Fortune>,
}

async fn fortunes(State(pool): State<PgPool>) -> Response {
    let rows = sqlx::query_as::<_, Fortune>("SELECT id, message FROM fortune")
        .fetch_all(&pool)
        .await;
    let Ok(mut fortunes) = rows else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    fortunes.push(Fortune {
        id: 0,
        message: "Additional fortune added at request time.".into(),
    });
    fortunes.sort_by(|a, b| a.message.cmp(&b.message));
    match (Page { fortunes }).render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

const MESSAGES: [&str; 12] = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL")?;
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:18090".into());
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .connect(&url)
        .await?;
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS fortune (id int PRIMARY KEY, message text NOT NULL)")
        .execute(&pool)
        .await?;
    for (id, message) in (1..).zip(MESSAGES) {
        sqlx::query("INSERT INTO fortune VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(message)
            .execute(&pool)
            .await?;
    }
    let app = Router::new()
        .route("/fortunes", get(fortunes))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("fortunes on http://{bind}/fortunes");
    axum::serve(listener, app).await?;
    Ok(())
}
