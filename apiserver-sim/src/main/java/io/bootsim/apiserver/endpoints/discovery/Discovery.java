package io.bootsim.apiserver.endpoints.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.apiserver.registry.ServedResources.Group;
import io.bootsim.apiserver.registry.ServedResources.GroupVersion;
import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.apiserver.registry.ServedResources.Subresource;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Optional;

/**
 * The discovery documents of the simulated kube-apiserver: legacy /api, /api/v1, /apis,
 * /apis/GROUP and /apis/GROUP/VERSION (apiserver pkg/endpoints/discovery), and aggregated
 * discovery on /api and /apis (pkg/endpoints/discovery/aggregated) when the client's Accept asks
 * for an APIGroupDiscoveryList version this release serves.
 *
 * <p>Content negotiation never fails: a client that accepts nothing we can write gets the legacy
 * JSON document, because kubectl treats 406 on discovery as fatal.
 */
public final class Discovery {

    public static final String JSON = "application/json";
    private static final String DISCOVERY_GROUP = "apidiscovery.k8s.io";
    private static final String GROUP_DISCOVERY_LIST = "APIGroupDiscoveryList";

    private final ServedResources served;
    private final String serverAddress;

    /**
     * @param serverAddress host:port the apiserver advertises in APIVersions (its --advertise-address
     *                      and secure port)
     */
    public Discovery(ServedResources served, String serverAddress) {
        this.served = served;
        this.serverAddress = serverAddress;
    }

    /** The document for {@code path}, or empty when the path is not a served discovery path. */
    public Optional<DiscoveryResponse> serve(String path, String accept) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] parts = p.split("/");
        if (p.equals("/api")) {
            return Optional.of(aggregatedVersion(accept)
                    .map(v -> aggregated(v, List.of(served.core())))
                    .orElseGet(() -> legacy(apiVersions())));
        }
        if (p.equals("/apis")) {
            return Optional.of(aggregatedVersion(accept)
                    .map(v -> aggregated(v, served.apiGroups()))
                    .orElseGet(() -> legacy(apiGroupList())));
        }
        if (parts.length == 3 && parts[1].equals("api")) {
            return served.groupVersion("", parts[2]).map(gv -> legacy(apiResourceList(gv)));
        }
        if (parts.length == 3 && parts[1].equals("apis")) {
            return served.group(parts[2]).filter(g -> !g.name().isEmpty()).map(g -> legacy(apiGroup(g, true)));
        }
        if (parts.length == 4 && parts[1].equals("apis") && !parts[2].isEmpty()) {
            return served.groupVersion(parts[2], parts[3]).map(gv -> legacy(apiResourceList(gv)));
        }
        return Optional.empty();
    }

    /**
     * The first Accept entry this release can answer: aggregated v2 (GA in 1.30), aggregated
     * v2beta1 (beta and on by default 1.27, no longer served from 1.33 when the gate
     * AggregatedDiscoveryRemoveBetaType defaults on), or plain JSON. Empty means legacy.
     */
    private Optional<String> aggregatedVersion(String accept) {
        KubeVersion v = served.version();
        for (MediaRange range : MediaRange.parseAccept(accept)) {
            if (range.isJsonAs(DISCOVERY_GROUP, "v2", GROUP_DISCOVERY_LIST) && v.atLeast(1, 30)) {
                return Optional.of("v2");
            }
            if (range.isJsonAs(DISCOVERY_GROUP, "v2beta1", GROUP_DISCOVERY_LIST)
                    && v.atLeast(1, 27) && v.isBefore(KubeVersion.of(1, 33))) {
                return Optional.of("v2beta1");
            }
            if (!range.asksForTransform() && range.acceptsJson()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static DiscoveryResponse legacy(ObjectNode body) {
        return new DiscoveryResponse(JSON, Json.write(body) + "\n");
    }

    private ObjectNode apiVersions() {
        ObjectNode doc = Json.object();
        doc.put("kind", "APIVersions");
        ArrayNode versions = doc.putArray("versions");
        served.core().versions().forEach(gv -> versions.add(gv.version()));
        ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return doc;
    }

    private ObjectNode apiGroupList() {
        ObjectNode doc = Json.object();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        served.apiGroups().forEach(g -> groups.add(apiGroup(g, false)));
        return doc;
    }

    private static ObjectNode apiGroup(Group group, boolean standalone) {
        ObjectNode doc = Json.object();
        if (standalone) {
            doc.put("kind", "APIGroup");
            doc.put("apiVersion", "v1");
        }
        doc.put("name", group.name());
        ArrayNode versions = doc.putArray("versions");
        group.versions().forEach(gv -> versions.add(versionForDiscovery(gv)));
        doc.set("preferredVersion", versionForDiscovery(group.preferred()));
        return doc;
    }

    private static ObjectNode versionForDiscovery(GroupVersion gv) {
        ObjectNode v = Json.object();
        v.put("groupVersion", gv.groupVersion());
        v.put("version", gv.version());
        return v;
    }

    private static ObjectNode apiResourceList(GroupVersion gv) {
        ObjectNode doc = Json.object();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", gv.groupVersion());
        ArrayNode resources = doc.putArray("resources");
        for (Resource r : gv.resources()) {
            resources.add(apiResource(r.name(), r.singularName(), r.namespaced(), "", "", r.kind(), r.verbs(),
                    r.shortNames(), r.categories()));
            for (Subresource s : r.subresources()) {
                // Subresources carry an empty singularName (apiserver pkg/endpoints/installer.go).
                resources.add(apiResource(r.name() + "/" + s.name(), "", r.namespaced(), s.group(), s.version(), s.kind(),
                        s.verbs(), List.of(), List.of()));
            }
        }
        return doc;
    }

    /** An APIResource; group and version are set only for a subresource of another group's kind. */
    private static ObjectNode apiResource(String name, String singularName, boolean namespaced, String group,
                                          String version, String kind, List<String> verbs, List<String> shortNames,
                                          List<String> categories) {
        ObjectNode r = Json.object();
        r.put("name", name);
        r.put("singularName", singularName);
        r.put("namespaced", namespaced);
        if (!group.isEmpty()) {
            r.put("group", group);
        }
        if (!version.isEmpty()) {
            r.put("version", version);
        }
        r.put("kind", kind);
        strings(r, "verbs", verbs);
        if (!shortNames.isEmpty()) {
            strings(r, "shortNames", shortNames);
        }
        if (!categories.isEmpty()) {
            strings(r, "categories", categories);
        }
        return r;
    }

    private static DiscoveryResponse aggregated(String version, List<Group> groups) {
        ObjectNode doc = Json.object();
        doc.put("kind", GROUP_DISCOVERY_LIST);
        doc.put("apiVersion", DISCOVERY_GROUP + "/" + version);
        doc.putObject("metadata");
        ArrayNode items = doc.putArray("items");
        for (Group g : groups) {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!g.name().isEmpty()) {
                meta.put("name", g.name());
            }
            meta.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (GroupVersion gv : g.versions()) {
                ObjectNode v = versions.addObject();
                v.put("version", gv.version());
                ArrayNode resources = v.putArray("resources");
                gv.resources().forEach(r -> resources.add(aggregatedResource(r)));
                v.put("freshness", "Current");
            }
        }
        String contentType = JSON + ";g=" + DISCOVERY_GROUP + ";v=" + version + ";as=" + GROUP_DISCOVERY_LIST;
        return new DiscoveryResponse(contentType, Json.write(doc) + "\n");
    }

    private static ObjectNode aggregatedResource(Resource r) {
        ObjectNode node = Json.object();
        node.put("resource", r.name());
        node.set("responseKind", groupVersionKind(r, r.kind()));
        node.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
        node.put("singularResource", r.singularName());
        strings(node, "verbs", r.verbs());
        if (!r.shortNames().isEmpty()) {
            strings(node, "shortNames", r.shortNames());
        }
        if (!r.categories().isEmpty()) {
            strings(node, "categories", r.categories());
        }
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = node.putArray("subresources");
            for (Subresource s : r.subresources()) {
                ObjectNode sub = subs.addObject();
                sub.put("subresource", s.name());
                sub.set("responseKind", s.group().isEmpty() ? groupVersionKind(r, s.kind())
                        : Json.object().put("group", s.group()).put("version", s.version()).put("kind", s.kind()));
                strings(sub, "verbs", s.verbs());
            }
        }
        return node;
    }

    private static ObjectNode groupVersionKind(Resource r, String kind) {
        ObjectNode gvk = Json.object();
        gvk.put("group", r.group());
        gvk.put("version", r.version());
        gvk.put("kind", kind);
        return gvk;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }
}
