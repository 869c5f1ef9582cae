//! The OpenAPI document matches the router: every shared route is in it, and every operation
//! in it is routed.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_api::routes;
use support::TestServer;

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_route() {
    let server = TestServer::new().await;
    let reply = server.send(Method::GET, routes::OPENAPI, None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = reply.body["paths"].as_object().unwrap();
    for route in routes::ALL {
        assert!(
            paths.contains_key(*route),
            "{route} is missing from the OpenAPI document"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let server = TestServer::new().await;
    let doc = latchkey_server::http::openapi::document();
    for (path, item) in &doc.paths.paths {
        let operations = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::DELETE, item.delete.is_some()),
            (Method::PATCH, item.patch.is_some()),
        ];
        for (method, documented) in operations {
            if !documented {
                continue;
            }
            let reply = server
                .send(method.clone(), path, Some(serde_json::json!({})), None)
                .await;
            // A handler may answer 404 (no such record), but not the router's fallback.
            assert_ne!(
                reply.body["message"],
                latchkey_server::http::error::NO_SUCH_ROUTE,
                "{method} {path}"
            );
            assert_ne!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
        }
    }
}
