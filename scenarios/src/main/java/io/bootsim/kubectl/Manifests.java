package io.bootsim.kubectl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of a {@code -f} file: YAML or JSON, any number of documents, empty documents
 * skipped, a {@code kind: List} unpacked into its items.
 */
// upstream: kubernetes/cli-runtime pkg/resource/visitor.go (FileVisitor, StreamVisitor)
final class Manifests {

    /** A file kubectl cannot use, with kubectl's message. */
    static final class ManifestException extends Exception {
        private static final long serialVersionUID = 1L;

        ManifestException(String message) {
            super(message);
        }
    }

    private Manifests() {
    }

    static List<ObjectNode> read(Path file, String asTyped) throws ManifestException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ManifestException("the path \"" + asTyped + "\" does not exist");
        } catch (IOException e) {
            throw new ManifestException("error reading \"" + asTyped + "\": " + e.getMessage());
        }
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = Json.yaml().readerFor(JsonNode.class)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(JsonParser.Feature.AUTO_CLOSE_SOURCE).readValues(text)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                if (!(doc instanceof ObjectNode object)) {
                    throw new ManifestException("error validating \"" + asTyped
                            + "\": error validating data: invalid object to validate");
                }
                if (object.path("kind").asText().equals("List")) {
                    object.path("items").forEach(i -> objects.add((ObjectNode) i));
                } else {
                    objects.add(object);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ManifestException("error parsing " + asTyped + ": " + e.getMessage());
        }
        for (ObjectNode o : objects) {
            if (o.path("apiVersion").asText().isEmpty() || o.path("kind").asText().isEmpty()) {
                String missing = o.path("apiVersion").asText().isEmpty() ? "apiVersion" : "kind";
                throw new ManifestException("error validating \"" + asTyped + "\": error validating data: "
                        + missing + " not set; if you choose to ignore these errors, turn validation off with "
                        + "--validate=false");
            }
        }
        return objects;
    }
}
