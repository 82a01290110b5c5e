/**
 * The plan rewrite: each scan of a restricted table becomes Project(masks)(Filter(row filter)(scan)), right where
 * the scan was, before any optimization rule runs.
 */
package io.sqe.policy.rewrite;
