// Package ncloud is a small client for the part of the Naver Cloud Platform
// (NCP) VPC Server API ("vserver") that ncpimage needs: regions, servers,
// block-storage snapshots, "My server images" and their sharing with other
// accounts.
//
// # Model
//
// Every action goes through one request path. A call is a POST of a
// form-encoded body (responseFormatType=json, lists as name.N and nested
// lists as blockStorageList.N.field, all 1-based) to
// <endpoint>/vserver/v2/<action>, signed with the API Gateway signature of
// [Sign] over the path only. Each attempt first takes a token from the
// [Limiter] shared by every call of the [Client], so a whole run of
// ncpimage stays under one request rate. NCP documents no rate limit, so
// the limiter learns it: a throttling answer (429) halves the rate and
// holds every call for its Retry-After; calm periods add the rate back,
// up to the ceiling (--max-rps).
//
// Answers come in one of three shapes: the success envelope
// {"<action>Response": {...}}, an API Gateway error {"error": {...}}, or a
// vserver error {"responseError": {...}}. Both error bodies become an
// [*APIError] that carries the HTTP status, the errorCode or returnCode,
// the message and the request id. Decoding never depends on whitespace.
// A success envelope is decoded by one call of encoding/json straight
// into the wire types; its one key is the action's "<action>Response" or
// another "...Response" key whose object holds a returnCode (as NCP's own
// examples answer).
//
// # Retries
//
// Read actions, and the sharing actions (addServerImageSharingPermission,
// removeServerImageSharingPermission: idempotent, so sending one twice is
// harmless), are retried with exponential backoff and full jitter,
// within [RetryPolicy].Budget (5 minutes by default), honouring
// Retry-After and the context, when the failure is transient; a throttled
// read is retried for as long as the budget lasts, so that throttling
// slows a run down instead of failing it, while other failures also count
// against [RetryPolicy].MaxAttempts. Transient failures are: gateway
// throttling (429), gateway 503/504, vserver returnCode 1000 ("try again
// later") and 25013 (object in operation), and network errors.
//
// createServerImage and deleteServerImage are never retried blindly. They
// are retried only when the failure proves the request was not executed:
// gateway throttling (429), or a connection that failed before the request
// was written. Any other failure after the request may have reached NCP (a
// 5xx, a gateway 504 Endpoint Timeout, a dropped connection, a timeout) is
// returned as an [*OutcomeUnknownError]: the caller finds out what happened
// by listing, never by sending the create again. A 4xx answer is a
// definitive rejection and is returned as it is. [Classify] sorts every
// error into the classes callers act on (auth, throttled, transient,
// rejected, ...).
//
// A body over the size limit is cut, and the error says so rather than
// failing to decode half an answer.
//
// # Secrets
//
// The secret key is used only to compute signatures. It is never sent,
// and never appears in an error, in the debug log of [WithDebug] (which
// redacts it and the signatures), or in the printed form of [Credentials]
// or [Client].
package ncloud
