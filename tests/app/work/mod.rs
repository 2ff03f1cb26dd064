//! Work lists, the digest and the calendar feed.

mod calendar_feed;
mod digest;
mod drafts;
mod home;
