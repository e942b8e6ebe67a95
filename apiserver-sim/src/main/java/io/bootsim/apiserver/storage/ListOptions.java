package io.bootsim.apiserver.storage;

/**
 * The list query parameters as the request carried them (metav1.ListOptions); the store parses
 * and validates them so every handler refuses bad input with the same Status.
 *
 * @param resourceVersion      "" (most recent), "0" (any) or a resourceVersion
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 * @param limit                0 for no limit
 * @param continueToken        the {@code continue} parameter, or ""
 */
public record ListOptions(String labelSelector, String fieldSelector, String resourceVersion,
                          String resourceVersionMatch, long limit, String continueToken) {

    public static final ListOptions EVERYTHING = new ListOptions("", "", "", "", 0, "");

    public ListOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        fieldSelector = fieldSelector == null ? "" : fieldSelector;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        resourceVersionMatch = resourceVersionMatch == null ? "" : resourceVersionMatch;
        continueToken = continueToken == null ? "" : continueToken;
    }

    public static ListOptions selecting(String labelSelector, String fieldSelector) {
        return new ListOptions(labelSelector, fieldSelector, "", "", 0, "");
    }

    public static ListOptions page(long limit, String continueToken) {
        return new ListOptions("", "", "", "", limit, continueToken);
    }
}
