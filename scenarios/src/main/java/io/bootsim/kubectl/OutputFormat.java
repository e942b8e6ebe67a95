package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code -o} asked for: the server's Table (human, wide) or the object itself printed as
 * YAML, JSON, names or a JSONPath template.
 */
record OutputFormat(Kind kind, JsonPathPrinter jsonPath) {

    enum Kind { HUMAN, WIDE, YAML, JSON, NAME, JSONPATH }

    static final String ALLOWED = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
            + "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

    /** Parses {@code -o}; the message is kubectl's for a format it has no printer for. */
    static OutputFormat parse(String output) throws IllegalArgumentException {
        switch (output) {
            case "" -> {
                return new OutputFormat(Kind.HUMAN, null);
            }
            case "wide" -> {
                return new OutputFormat(Kind.WIDE, null);
            }
            case "yaml" -> {
                return new OutputFormat(Kind.YAML, null);
            }
            case "json" -> {
                return new OutputFormat(Kind.JSON, null);
            }
            case "name" -> {
                return new OutputFormat(Kind.NAME, null);
            }
            default -> {
                if (output.startsWith("jsonpath=")) {
                    String template = output.substring("jsonpath=".length());
                    try {
                        return new OutputFormat(Kind.JSONPATH, JsonPathPrinter.parse(template));
                    } catch (JsonPathPrinter.ParseException e) {
                        throw new IllegalArgumentException("error parsing jsonpath " + template + ", "
                                + e.getMessage());
                    }
                }
                throw new IllegalArgumentException("unable to match a printer suitable for the output format \""
                        + output + "\", allowed formats are: " + ALLOWED);
            }
        }
    }

    boolean isTable() {
        return kind == Kind.HUMAN || kind == Kind.WIDE;
    }

    /** The text for one object (or List) in a non-table format. */
    String print(JsonNode object, ResourceMapping mapping) {
        return switch (kind) {
            case YAML -> YamlPrinter.print(object);
            case JSON -> JsonPrinter.print(object);
            case JSONPATH -> jsonPath.print(object);
            case NAME -> names(object, mapping);
            default -> throw new IllegalStateException("tables are printed by TablePrinter");
        };
    }

    private static String names(JsonNode object, ResourceMapping mapping) {
        StringBuilder out = new StringBuilder();
        JsonNode items = object.has("items") ? object.get("items") : null;
        if (items == null) {
            out.append(mapping.kindGroup()).append('/').append(object.path("metadata").path("name").asText()).append('\n');
        } else {
            items.forEach(i -> out.append(mapping.kindGroup()).append('/')
                    .append(i.path("metadata").path("name").asText()).append('\n'));
        }
        return out.toString();
    }
}
