package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.registry.ServedResources;
import io.bootsim.apiserver.registry.ServedResources.Resource;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableConvertorTest {

    static final Instant NOW = Instant.parse("2026-11-28T16:26:52Z");
    static final KubeVersion NEWEST = KubeVersion.NEWEST;

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Resource resource(String group, String version, String name) {
        return ServedResources.at(NEWEST).resource(group, version, name).orElseThrow();
    }

    static TableConvertor convertor(KubeVersion v) {
        return new TableConvertor(() -> NOW, v);
    }

    static List<String> cells(JsonNode table, int row) {
        List<String> cells = new ArrayList<>();
        table.get("rows").get(row).get("cells").forEach(c -> cells.add(c.asText()));
        return cells;
    }

    static List<String> columnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    static final Resource CSR = resource("certificates.k8s.io", "v1", "certificatesigningrequests");

    static final ObjectNode CSR_LIST = json("""
            {'kind':'CertificateSigningRequestList','apiVersion':'certificates.k8s.io/v1','metadata':{'resourceVersion':'113'},
             'items':[
              {'metadata':{'name':'csr-issued1','uid':'u1','resourceVersion':'103','creationTimestamp':'2026-11-28T15:26:52Z'},
               'spec':{'signerName':'kubernetes.io/kube-apiserver-client-kubelet','username':'system:node:node-1','expirationSeconds':86400},
               'status':{'conditions':[{'type':'Approved','status':'True'}],'certificate':'LS0t'}},
              {'metadata':{'name':'csr-pending1','uid':'u2','resourceVersion':'104','creationTimestamp':'2026-11-28T16:21:52Z'},
               'spec':{'signerName':'kubernetes.io/kube-apiserver-client-kubelet','username':'system:bootstrap:abcdef'}}]}""");

    @Test
    void csrListPrintsAsKubectlGetCsrShowsIt() {
        ObjectNode table = convertor(NEWEST).list(CSR, CSR_LIST, TableVersion.V1, IncludeObject.METADATA);
        assertEquals("Table", table.get("kind").asText());
        assertEquals("meta.k8s.io/v1", table.get("apiVersion").asText());
        assertEquals("113", table.get("metadata").get("resourceVersion").asText());
        assertEquals(List.of("Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"), columnNames(table));
        assertEquals("{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"description\":\"\",\"priority\":0}",
                Json.write(table.get("columnDefinitions").get(0)));
        assertEquals(List.of("csr-issued1", "60m", "kubernetes.io/kube-apiserver-client-kubelet", "system:node:node-1",
                "24h", "Approved,Issued"), cells(table, 0));
        assertEquals(List.of("csr-pending1", "5m", "kubernetes.io/kube-apiserver-client-kubelet",
                "system:bootstrap:abcdef", "<none>", "Pending"), cells(table, 1));
        assertEquals("{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":"
                        + "\"csr-issued1\",\"uid\":\"u1\",\"resourceVersion\":\"103\",\"creationTimestamp\":\"2026-11-28T15:26:52Z\"}}",
                Json.write(table.get("rows").get(0).get("object")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.9  | Name Age Requestor Condition
            1.17 | Name Age Requestor Condition
            1.18 | Name Age SignerName Requestor Condition
            1.21 | Name Age SignerName Requestor Condition
            1.22 | Name Age SignerName Requestor RequestedDuration Condition
            """)
    void csrColumnsFollowTheEmulatedRelease(String version, String columns) {
        ObjectNode table = convertor(KubeVersion.parse(version)).list(CSR, CSR_LIST, TableVersion.V1BETA1, IncludeObject.METADATA);
        assertEquals(List.of(columns.split(" ")), columnNames(table));
        assertEquals(columns.split(" ").length, table.get("rows").get(0).get("cells").size());
    }

    // csr-vectors.md section 9.
    @ParameterizedTest(name = "{0} cert={1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''               | false | Pending
            Approved         | false | Approved
            Denied           | false | Denied
            Approved,Failed  | false | Approved,Failed
            Approved,Denied  | false | Denied
            ''               | true  | Pending,Issued
            Approved         | true  | Approved,Issued
            """)
    void csrConditionColumn(String types, boolean issued, String expected) {
        ObjectNode csr = json("{'metadata':{'name':'c'},'spec':{},'status':{}}");
        var conditions = ((ObjectNode) csr.get("status")).putArray("conditions");
        for (String t : types.split(",")) {
            if (!t.isEmpty()) {
                // Status is ignored: only the type's presence counts.
                conditions.addObject().put("type", t).put("status", "False");
            }
        }
        if (issued) {
            ((ObjectNode) csr.get("status")).put("certificate", "LS0t");
        }
        assertEquals(expected, new CertificateSigningRequestPrinter(NEWEST).condition(csr));
    }

    @Test
    void csrWithSignerNameUnsetAndOneYearDuration() {
        ObjectNode csr = json("{'metadata':{'name':'c','creationTimestamp':'2026-11-28T16:26:50Z'},'spec':{'username':'u','expirationSeconds':31536000}}");
        assertEquals(List.of("c", "2s", "<none>", "u", "365d", "Pending"),
                cells(convertor(NEWEST).object(CSR, csr, TableVersion.V1, IncludeObject.METADATA), 0));
    }

    @Test
    void printersBeforeOneNineteenRejectUnknownConditions() {
        ObjectNode csr = json("{'metadata':{'name':'c'},'spec':{},'status':{'conditions':[{'type':'Failed'}]}}");
        StatusException e = assertThrows(StatusException.class,
                () -> convertor(KubeVersion.of(1, 18)).object(CSR, csr, TableVersion.V1BETA1, IncludeObject.METADATA));
        assertEquals(500, e.status().code());
        assertEquals("unknown csr condition \"Failed\"", e.status().message());
    }

    static final Resource NODES = resource("", "v1", "nodes");

    @Test
    void nodeRowsCarryStatusRolesVersionAndWideColumns() {
        ObjectNode list = json("""
                {'metadata':{'resourceVersion':'7'},'items':[
                 {'metadata':{'name':'node-1','creationTimestamp':'2026-11-25T16:26:52Z',
                   'labels':{'node-role.kubernetes.io/control-plane':'','kubernetes.io/role':'master','kubernetes.io/hostname':'node-1'}},
                  'spec':{},
                  'status':{'conditions':[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True'}],
                   'addresses':[{'type':'InternalIP','address':'10.0.0.11'},{'type':'Hostname','address':'node-1'}],
                   'nodeInfo':{'kubeletVersion':'v1.32.0','osImage':'Debian GNU/Linux 12 (bookworm)','kernelVersion':'6.1.0-18-amd64',
                     'containerRuntimeVersion':'containerd://1.7.13'}}},
                 {'metadata':{'name':'node-2','creationTimestamp':'2026-11-28T16:16:52Z'},
                  'spec':{'unschedulable':true},
                  'status':{'conditions':[{'type':'Ready','status':'Unknown'}],'nodeInfo':{'kubeletVersion':'v1.31.4'}}},
                 {'metadata':{'name':'node-3','creationTimestamp':'2026-11-28T16:16:52Z'},'status':{}}]}""");
        ObjectNode table = convertor(NEWEST).list(NODES, list, TableVersion.V1, IncludeObject.METADATA);
        assertEquals(List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image",
                "Kernel-Version", "Container-Runtime"), columnNames(table));
        assertEquals(1, table.get("columnDefinitions").get(5).get("priority").asInt());
        assertEquals(List.of("node-1", "Ready", "control-plane,master", "3d", "v1.32.0", "10.0.0.11", "<none>",
                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.7.13"), cells(table, 0));
        assertEquals(List.of("node-2", "NotReady,SchedulingDisabled", "<none>", "10m", "v1.31.4", "<none>", "<none>",
                "<unknown>", "<unknown>", "<unknown>"), cells(table, 1));
        assertEquals("Unknown", cells(table, 2).get(1));
    }

    @Test
    void clusterRoleBindingWideColumnsGroupSubjectsByKind() {
        ObjectNode crb = json("""
                {'metadata':{'name':'kubelet-bootstrap','resourceVersion':'9','creationTimestamp':'2026-11-28T16:26:22Z'},
                 'subjects':[{'kind':'User','name':'kubelet-bootstrap'},{'kind':'Group','name':'system:bootstrappers'},
                   {'kind':'User','name':'admin'},{'kind':'ServiceAccount','namespace':'kube-system','name':'bootstrap-signer'}],
                 'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'system:node-bootstrapper'}}""");
        ObjectNode table = convertor(NEWEST).object(resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings"),
                crb, TableVersion.V1, IncludeObject.METADATA);
        assertEquals("9", table.get("metadata").get("resourceVersion").asText());
        assertEquals(List.of("Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"), columnNames(table));
        assertEquals(List.of("kubelet-bootstrap", "ClusterRole/system:node-bootstrapper", "30s",
                "kubelet-bootstrap, admin", "system:bootstrappers", "kube-system/bootstrap-signer"), cells(table, 0));
    }

    @Test
    void clusterRolesUseTheDefaultNameAndCreatedAtTable() {
        Resource clusterRoles = resource("rbac.authorization.k8s.io", "v1", "clusterroles");
        ObjectNode table = convertor(NEWEST).object(clusterRoles,
                json("{'metadata':{'name':'system:node-bootstrapper','creationTimestamp':'2026-11-25T17:08:13+01:00'}}"),
                TableVersion.V1, IncludeObject.METADATA);
        assertEquals("[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"description\":\"\",\"priority\":0},"
                        + "{\"name\":\"Created At\",\"type\":\"date\",\"format\":\"\",\"description\":\"\",\"priority\":0}]",
                Json.write(table.get("columnDefinitions")));
        assertEquals(List.of("system:node-bootstrapper", "2026-11-25T16:08:13Z"), cells(table, 0));
    }

    @Test
    void emptyListsHaveEmptyRowsFromPrintersAndNullRowsFromTheDefaultConvertor() {
        ObjectNode empty = json("{'metadata':{'resourceVersion':'5'},'items':[]}");
        assertTrue(convertor(NEWEST).list(CSR, empty, TableVersion.V1, IncludeObject.METADATA).get("rows").isArray());
        assertTrue(convertor(NEWEST).list(resource("rbac.authorization.k8s.io", "v1", "roles"), empty,
                TableVersion.V1, IncludeObject.METADATA).get("rows").isNull());
    }

    @Test
    void simplePrintersForNamespacesSecretsConfigMapsAndLeases() {
        assertEquals(List.of("default", "Active", "3d"), cells(convertor(NEWEST).object(resource("", "v1", "namespaces"),
                json("{'metadata':{'name':'default','creationTimestamp':'2026-11-25T16:26:52Z'},'status':{'phase':'Active'}}"),
                TableVersion.V1, IncludeObject.NONE), 0));
        ObjectNode secret = convertor(NEWEST).object(resource("", "v1", "secrets"),
                json("{'metadata':{'name':'bootstrap-token-abcdef','creationTimestamp':'2026-11-28T16:26:52Z'},"
                        + "'type':'bootstrap.kubernetes.io/token','data':{'token-id':'YQ==','token-secret':'Yg=='}}"),
                TableVersion.V1, IncludeObject.NONE);
        assertEquals("[\"bootstrap-token-abcdef\",\"bootstrap.kubernetes.io/token\",2,\"0s\"]",
                Json.write(secret.get("rows").get(0).get("cells")));
        assertEquals("[\"cluster-info\",3,\"0s\"]", Json.write(convertor(NEWEST).object(resource("", "v1", "configmaps"),
                json("{'metadata':{'name':'cluster-info','creationTimestamp':'2026-11-28T16:26:52Z'},"
                        + "'data':{'kubeconfig':'x','jws-kubeconfig-abcdef':'y'},'binaryData':{'b':'AA=='}}"),
                TableVersion.V1, IncludeObject.NONE).get("rows").get(0).get("cells")));
        assertEquals(List.of("node-1", "node-1", "<unknown>"), cells(convertor(NEWEST).object(
                resource("coordination.k8s.io", "v1", "leases"),
                json("{'metadata':{'name':'node-1'},'spec':{'holderIdentity':'node-1'}}"), TableVersion.V1,
                IncludeObject.NONE), 0));
    }

    @Test
    void eventRowsFallBackFromLastToFirstSeenAndCountOne() {
        ObjectNode event = json("""
                {'metadata':{'name':'node-1.17f','namespace':'default','creationTimestamp':'2026-11-28T16:20:52Z'},
                 'involvedObject':{'kind':'Node','name':'node-1'},'reason':'NodeReady','type':'Normal',
                 'message':'Node node-1 status is now: NodeReady ','source':{'component':'kubelet','host':'node-1'},
                 'firstTimestamp':'2026-11-28T16:20:52Z'}""");
        ObjectNode table = convertor(NEWEST).object(resource("", "v1", "events"), event, TableVersion.V1, IncludeObject.NONE);
        assertEquals(List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen",
                "Count", "Name"), columnNames(table));
        assertEquals("[\"6m\",\"Normal\",\"NodeReady\",\"node/node-1\",\"\",\"kubelet, node-1\","
                        + "\"Node node-1 status is now: NodeReady\",\"6m\",1,\"node-1.17f\"]",
                Json.write(table.get("rows").get(0).get("cells")));
    }

    @Test
    void includeObjectNoneAndObject() {
        ObjectNode csr = (ObjectNode) CSR_LIST.get("items").get(1);
        ObjectNode none = convertor(NEWEST).object(CSR, csr, TableVersion.V1, IncludeObject.NONE);
        assertTrue(none.get("rows").get(0).get("object").isNull());
        JsonNode full = convertor(NEWEST).object(CSR, csr, TableVersion.V1, IncludeObject.OBJECT).get("rows").get(0).get("object");
        assertEquals("CertificateSigningRequest", full.get("kind").asText());
        assertEquals("certificates.k8s.io/v1", full.get("apiVersion").asText());
        assertEquals("system:bootstrap:abcdef", full.get("spec").get("username").asText());
    }

    @Test
    void v1beta1TablesCarryV1beta1PartialObjectMetadata() {
        JsonNode row = convertor(KubeVersion.of(1, 14)).list(CSR, CSR_LIST, TableVersion.V1BETA1, IncludeObject.METADATA)
                .get("rows").get(0).get("object");
        assertEquals("meta.k8s.io/v1beta1", row.get("apiVersion").asText());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-,METADATA", "'',METADATA", "None,NONE", "Metadata,METADATA", "Object,OBJECT"})
    void includeObjectQueryValues(String query, IncludeObject expected) {
        assertEquals(expected, IncludeObject.parse(query));
    }

    @Test
    void unsupportedIncludeObjectIsABadRequest() {
        StatusException e = assertThrows(StatusException.class, () -> IncludeObject.parse("object"));
        assertEquals(400, e.status().code());
        assertEquals("Unable to convert to Table as requested: includeObject: Invalid value: \"object\": "
                + "must be 'Metadata', 'Object', 'None', or empty", e.status().message());
    }
}
