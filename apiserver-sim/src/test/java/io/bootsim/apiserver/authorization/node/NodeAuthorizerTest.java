package io.bootsim.apiserver.authorization.node;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.apiserver.authorization.Requests;
import io.bootsim.apiserver.bootstrappolicy.BootstrapPolicy;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class NodeAuthorizerTest {

    private static final KubeVersion V133 = KubeVersion.of(1, 33);

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @ParameterizedTest(name = "{0}: {1} {3} {4}/{5}/{6} {7} ns={8} selectors={9}")
    @CsvFileSource(resources = "/authorization/node-authorizer-b8.csv")
    void upstreamNodeAuthorizerVectors(String id, String user, String groups, String verb, String group, String resource,
                                       String subresource, String name, String ns, String selectors, boolean allowed,
                                       String reason) {
        NodeAuthorizer node = new NodeAuthorizer(V133, BootstrapPolicy.nodeRules(V133), selectors.equals("on"));
        Decision d = node.authorize(Attributes.resource(Requests.user(user, groups), verb, nz(ns), nz(group), resource,
                nz(subresource), nz(name)));
        assertEquals(allowed, d.allowed(), id);
        if (!allowed) {
            assertEquals(new Decision.NoOpinion(nz(reason)), d, id);
        }
    }

    @Test
    void selectorsGateIsOnByDefaultFrom132() {
        Attributes other = Attributes.resource(Requests.user("system:node:n1", "system:nodes"), "get", "", "", "nodes", "", "n2");
        assertFalse(new NodeAuthorizer(V133).authorize(other).allowed());
        assertEquals(true, new NodeAuthorizer(KubeVersion.of(1, 31)).authorize(other).allowed());
    }

    @Test
    void olderReleasesQuoteTheNodeNameWithDoubleQuotes() {
        Attributes secret = Attributes.resource(Requests.user("system:node:n1", "system:nodes"), "get", "ns0", "", "secrets", "", "s1");
        assertEquals("no relationship found between node \"n1\" and this object",
                new NodeAuthorizer(KubeVersion.of(1, 16)).authorize(secret).reason());
    }

    @Test
    void before114NodeLeasesFallToStaticRulesWhichDoNotCoverThem() {
        Attributes lease = Attributes.resource(Requests.user("system:node:n1", "system:nodes"), "update", "kube-node-lease",
                "coordination.k8s.io", "leases", "", "n1");
        assertEquals(new Decision.NoOpinion(""), new NodeAuthorizer(KubeVersion.of(1, 9)).authorize(lease));
    }
}
