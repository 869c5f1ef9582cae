//! A request body that must arrive whole within a deadline (security.md 55): tower-http's
//! `TimeoutBody` restarts its clock at every frame, so a client sending a byte now and then
//! would hold the connection for ever.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::BoxError;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// `body`, failing once `limit` has passed since it was wrapped.
pub struct Deadline<B> {
    body: B,
    deadline: Pin<Box<Sleep>>,
}

impl<B> Deadline<B> {
    pub fn new(body: B, limit: Duration) -> Self {
        Self {
            body,
            deadline: Box::pin(tokio::time::sleep(limit)),
        }
    }
}

/// The body did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct TooSlow;

impl<B> Body for Deadline<B>
where
    B: Body + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(TooSlow.into())));
        }
        Pin::new(&mut self.body)
            .poll_frame(cx)
            .map(|frame| frame.map(|frame| frame.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use http_body_util::BodyExt;

    /// A body whose next byte never comes.
    struct Stalled;

    impl Body for Stalled {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_body_that_stalls_fails_at_the_deadline() {
        let started = std::time::Instant::now();
        let read = Deadline::new(Stalled, Duration::from_millis(50))
            .collect()
            .await;
        assert!(read.unwrap_err().is::<TooSlow>());
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    /// A body that sends a byte every 10 ms, for ever.
    struct Dribbling(tokio::time::Interval);

    impl Body for Dribbling {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_tick(cx)
                .map(|_| Some(Ok(Frame::data(Bytes::from_static(b" ")))))
        }
    }

    #[tokio::test]
    async fn a_body_dribbled_a_byte_at_a_time_fails_at_the_deadline() {
        let dribbling = Dribbling(tokio::time::interval(Duration::from_millis(10)));
        let started = std::time::Instant::now();
        let read = Deadline::new(dribbling, Duration::from_millis(100))
            .collect()
            .await;
        assert!(read.unwrap_err().is::<TooSlow>());
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn a_body_in_time_arrives_whole() {
        let body = axum::body::Body::from("{\"username\":\"jdoe\"}");
        let read = Deadline::new(body, Duration::from_secs(5)).collect().await;
        assert_eq!(read.unwrap().to_bytes(), "{\"username\":\"jdoe\"}");
    }
}
