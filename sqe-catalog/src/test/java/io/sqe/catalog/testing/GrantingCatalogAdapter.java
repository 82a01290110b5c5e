package io.sqe.catalog.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;

/**
 * Iceberg's REST catalog adapter with per-user namespace grants: a namespace not granted to the caller is left out
 * of namespace listings, and every call on it fails with 403, which Iceberg's client raises as
 * {@code ForbiddenException}. Load and create responses get vended credentials added.
 *
 * <p>Works on {@code execute} and request paths because the adapter's per-route hook takes Iceberg's package-private
 * {@code Route}.
 */
final class GrantingCatalogAdapter extends RESTCatalogAdapter {
    /** The grant that lets a user see every namespace. */
    static final String ALL = "*";
    // What RESTCatalogAdapter's config response tells clients to put between namespace levels in paths.
    private static final String NAMESPACE_SEPARATOR = "%2E";

    private final VendedCredentials credentials;
    private volatile Map<String, Set<String>> grants;

    GrantingCatalogAdapter(Catalog catalog, Map<String, Set<String>> grants, VendedCredentials credentials) {
        super(catalog);
        this.credentials = requireNonNull(credentials, "credentials is null");
        setGrants(grants);
    }

    void setGrants(Map<String, Set<String>> newGrants) {
        this.grants = newGrants.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue())));
    }

    @Override
    protected <T extends RESTResponse> T execute(HTTPRequest request, Class<T> responseType,
            Consumer<ErrorResponse> errorHandler, Consumer<Map<String, String>> responseHeaders) {
        if ("v1/config".equals(request.path())) {
            return super.execute(request, responseType, errorHandler, responseHeaders);
        }
        String user = BearerTokenFilter.currentUser();
        if (user == null) {
            return fail(errorHandler, 401, "NotAuthorizedException", "Authentication required");
        }
        for (Namespace namespace : namespacesOf(request)) {
            if (!granted(user, namespace)) {
                return fail(errorHandler, 403, "ForbiddenException",
                        "Forbidden: " + user + " may not access namespace " + namespace);
            }
        }
        T response = super.execute(request, responseType, errorHandler, responseHeaders);
        if (response instanceof ListNamespacesResponse) {
            ListNamespacesResponse list = (ListNamespacesResponse) response;
            return castResponse(responseType, ListNamespacesResponse.builder()
                    .addAll(list.namespaces().stream().filter(namespace -> granted(user, namespace)).toList())
                    .nextPageToken(list.nextPageToken())
                    .build());
        }
        if (response instanceof LoadTableResponse) {
            return castResponse(responseType, credentials.addTo((LoadTableResponse) response));
        }
        return response;
    }

    /** Writes the error as the servlet does for the adapter's own errors, and ends the request. */
    private static <T> T fail(Consumer<ErrorResponse> errorHandler, int code, String type, String message) {
        ErrorResponse error = ErrorResponse.builder().responseCode(code).withType(type).withMessage(message).build();
        errorHandler.accept(error);
        throw new RESTException("Unhandled error: %s", error);
    }

    /** Every namespace the request touches: in its path, its {@code parent} parameter, or its body. */
    private static List<Namespace> namespacesOf(HTTPRequest request) {
        List<Namespace> namespaces = new ArrayList<>();
        List<String> segments = Arrays.asList(request.path().split("/"));
        int index = segments.indexOf("namespaces");
        if (index >= 0 && index + 1 < segments.size()) {
            namespaces.add(RESTUtil.decodeNamespace(segments.get(index + 1), NAMESPACE_SEPARATOR));
        }
        String parent = request.queryParameters().get("parent");
        if (parent != null) {
            namespaces.add(RESTUtil.namespaceFromQueryParam(parent, "."));
        }
        Object body = request.body();
        if (body instanceof CreateNamespaceRequest) {
            namespaces.add(((CreateNamespaceRequest) body).namespace());
        } else if (body instanceof RenameTableRequest) {
            namespaces.add(((RenameTableRequest) body).source().namespace());
            namespaces.add(((RenameTableRequest) body).destination().namespace());
        } else if (body instanceof CommitTransactionRequest) {
            for (UpdateTableRequest change : ((CommitTransactionRequest) body).tableChanges()) {
                namespaces.add(change.identifier().namespace());
            }
        }
        return namespaces;
    }

    private boolean granted(String user, Namespace namespace) {
        Set<String> userGrants = grants.getOrDefault(user, Set.of());
        return userGrants.contains(ALL) || namespace.length() > 0 && userGrants.contains(namespace.level(0));
    }
}
