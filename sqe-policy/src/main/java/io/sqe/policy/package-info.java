/**
 * Policy enforcement: who may read, write, create and drop which catalogs, schemas and tables, and which rows
 * and column values a user sees.
 *
 * <p>The coordinator builds one {@link io.sqe.policy.PolicyEnforcer} at start-up
 * ({@link io.sqe.policy.PolicyEnforcerFactory#create}) and asks it for a {@link io.sqe.policy.QueryPolicy} per
 * statement. The query policy answers access checks, tells the catalog adapter which columns a user may see, and
 * rewrites the logical plan so that row filters and column masks apply before anything else in the query.
 */
package io.sqe.policy;
