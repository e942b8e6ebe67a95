package io.bootsim.apiserver.endpoints.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of an Accept header, such as
 * {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}. Upstream parses
 * these with goautoneg and offers them to each endpoint's serializers in the client's order
 * (apiserver pkg/endpoints/handlers/negotiation).
 */
public record MediaRange(String type, String subType, double q, Map<String, String> params) {

    /**
     * The ranges of an Accept header, highest quality first and otherwise in the client's order.
     * A missing or empty header means {@code * / *}, as in Go.
     */
    public static List<MediaRange> parseAccept(String header) {
        List<MediaRange> ranges = new ArrayList<>();
        if (header == null || header.isBlank()) {
            ranges.add(new MediaRange("*", "*", 1.0, Map.of()));
            return ranges;
        }
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            String mediaType = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType.isEmpty()) {
                continue;
            }
            int slash = mediaType.indexOf('/');
            String type = slash < 0 ? mediaType : mediaType.substring(0, slash);
            String subType = slash < 0 ? "*" : mediaType.substring(slash + 1);
            double q = 1.0;
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < pieces.length; i++) {
                String[] kv = pieces[i].split("=", 2);
                String key = kv[0].trim();
                String value = kv.length > 1 ? kv[1].trim() : "";
                if (key.equals("q")) {
                    q = parseQuality(value);
                } else if (!key.isEmpty()) {
                    params.put(key, value);
                }
            }
            ranges.add(new MediaRange(type, subType, q, Map.copyOf(params)));
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::q).reversed()); // stable: keeps client order
        return ranges;
    }

    private static double parseQuality(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    /** True for application/json, application/*, and * / *. */
    public boolean acceptsJson() {
        return (type.equals("*") && subType.equals("*"))
                || (type.equals("application") && (subType.equals("*") || subType.equals("json")));
    }

    /** True for exactly application/json with these g, v and as parameters. */
    public boolean isJsonAs(String group, String version, String as) {
        return type.equals("application") && subType.equals("json")
                && group.equals(params.get("g")) && version.equals(params.get("v")) && as.equals(params.get("as"));
    }

    /** True when the range names a transformed type (as=...), which plain JSON does not satisfy. */
    public boolean asksForTransform() {
        return params.containsKey("as");
    }
}
