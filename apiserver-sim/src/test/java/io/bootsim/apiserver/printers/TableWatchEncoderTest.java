package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableWatchEncoderTest {

    @Test
    void onlyTheFirstEventCarriesColumnDefinitions() {
        TableWatchEncoder encoder = new TableWatchEncoder(TableConvertorTest.convertor(KubeVersion.NEWEST),
                TableConvertorTest.CSR, TableVersion.V1, IncludeObject.METADATA);
        ObjectNode csr = (ObjectNode) TableConvertorTest.CSR_LIST.get("items").get(1);
        ObjectNode added = encoder.event("ADDED", csr);
        assertEquals("ADDED", added.get("type").asText());
        assertEquals("Table", added.get("object").get("kind").asText());
        assertEquals("104", added.get("object").get("metadata").get("resourceVersion").asText());
        assertEquals(6, added.get("object").get("columnDefinitions").size());
        ObjectNode modified = encoder.event("MODIFIED", csr);
        assertTrue(modified.get("object").get("columnDefinitions").isNull());
        assertEquals("csr-pending1", modified.get("object").get("rows").get(0).get("cells").get(0).asText());
    }

    @Test
    void errorEventsKeepTheirStatus() {
        TableWatchEncoder encoder = new TableWatchEncoder(TableConvertorTest.convertor(KubeVersion.NEWEST),
                TableConvertorTest.CSR, TableVersion.V1, IncludeObject.METADATA);
        ObjectNode status = Json.mapper().valueToTree(Status.failure(410, "Expired", "too old resource version: 1 (5)", null));
        ObjectNode error = encoder.event("ERROR", status);
        assertEquals("Status", error.get("object").get("kind").asText());
        // The stream's first table still gets the headers after an error event.
        assertEquals(6, encoder.event("ADDED", (ObjectNode) TableConvertorTest.CSR_LIST.get("items").get(0))
                .get("object").get("columnDefinitions").size());
    }
}
