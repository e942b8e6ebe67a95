package io.bootsim.apiserver.storage;

import io.bootsim.core.api.StatusException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldSelectorTest {

    private final StoredResources served = StoredResources.of(KubeVersion.NEWEST);
    private final ResourceType csrs = served.get("certificates.k8s.io", "certificatesigningrequests").orElseThrow();
    private final ResourceType configMaps = served.get("", "configmaps").orElseThrow();

    private static ObjectNode csr(String name, String signer) throws Exception {
        return (ObjectNode) Json.mapper().readTree("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"signerName\":\""
                + signer + "\"}}");
    }

    @Test
    void csrsAreSelectableBySignerNameAndName() throws Exception {
        FieldSelector selector = FieldSelector.parse(
                "spec.signerName=kubernetes.io/kube-apiserver-client-kubelet,metadata.name!=csr-2", csrs);
        assertTrue(selector.matches(csrs.fieldSet(csr("csr-1", "kubernetes.io/kube-apiserver-client-kubelet"))));
        assertFalse(selector.matches(csrs.fieldSet(csr("csr-2", "kubernetes.io/kube-apiserver-client-kubelet"))));
        assertFalse(selector.matches(csrs.fieldSet(csr("csr-3", "kubernetes.io/kubelet-serving"))));
    }

    @Test
    void singleObjectWatchSelectorNamesTheObject() {
        assertEquals("csr-1", FieldSelector.parse("metadata.name=csr-1").requiresExactMatch("metadata.name").orElseThrow());
    }

    @Test
    void unknownFieldOfTypeWithOwnConversionIsNotSupported() {
        StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse("spec.username=x", csrs));
        assertEquals(400, e.status().code());
        assertEquals("field label not supported: spec.username", e.status().message());
    }

    @Test
    void unknownFieldOfPlainTypeNamesTheTwoMetadataFields() {
        StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse("data.x=y", configMaps));
        assertEquals("\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                e.status().message());
    }

    @Test
    void termWithoutOperatorCannotBeUnderstood() {
        StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse("metadata.name=a,bogus"));
        assertEquals("invalid selector: 'metadata.name=a,bogus'; can't understand 'bogus'", e.status().message());
    }

    @Test
    void escapedCommaAndEqualsAreValueCharacters() {
        FieldSelector selector = FieldSelector.parse("metadata.name=a\\,b\\=c");
        assertTrue(selector.matches(Map.of("metadata.name", "a,b=c")));
        StatusException e = assertThrows(StatusException.class, () -> FieldSelector.parse("metadata.name=a\\x"));
        assertEquals("invalid field selector: invalid escape sequence: \\x", e.status().message());
    }

    @Test
    void nodesSelectOnUnschedulable() throws Exception {
        ResourceType nodes = served.get("", "nodes").orElseThrow();
        ObjectNode cordoned = (ObjectNode) Json.mapper().readTree("{\"metadata\":{\"name\":\"n\"},\"spec\":{\"unschedulable\":true}}");
        ObjectNode plain = (ObjectNode) Json.mapper().readTree("{\"metadata\":{\"name\":\"m\"}}");
        FieldSelector selector = FieldSelector.parse("spec.unschedulable=false", nodes);
        assertFalse(selector.matches(nodes.fieldSet(cordoned)));
        assertTrue(selector.matches(nodes.fieldSet(plain)));
    }

    @Test
    void csrsOfOldReleasesHaveNoSignerName() {
        ResourceType old = StoredResources.of(KubeVersion.OLDEST).get("certificates.k8s.io", "certificatesigningrequests").orElseThrow();
        assertEquals("certificates.k8s.io/v1beta1", old.apiVersion());
        assertThrows(StatusException.class, () -> FieldSelector.parse("spec.signerName=x", old));
    }
}
