/**
 * The Iceberg REST catalog, called with each user's own bearer token: {@link io.sqe.catalog.rest.RestSessionCatalogs}
 * gives every user identity its own view of the catalog, so the catalog decides what each user may list and load,
 * and table files are read and written with the storage credentials the catalog vends per table
 * ({@link io.sqe.catalog.rest.StorageCredentials}).
 */
package io.sqe.catalog.rest;
