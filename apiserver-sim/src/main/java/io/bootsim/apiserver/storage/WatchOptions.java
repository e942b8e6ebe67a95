package io.bootsim.apiserver.storage;

/**
 * The watch query parameters: {@code resourceVersion} "" or "0" start with a synthetic ADDED
 * for every current object, a resourceVersion N starts right after N (what list-then-watch
 * clients send); {@code allowWatchBookmarks} lets the store send BOOKMARK events.
 */
public record WatchOptions(String labelSelector, String fieldSelector, String resourceVersion,
                           boolean allowWatchBookmarks) {

    public WatchOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        fieldSelector = fieldSelector == null ? "" : fieldSelector;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
    }

    public static WatchOptions from(String resourceVersion) {
        return new WatchOptions("", "", resourceVersion, false);
    }
}
