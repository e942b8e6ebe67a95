package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForbiddenTest {

    @ParameterizedTest(name = "[{index}] {0} {1} {3}")
    @CsvFileSource(resources = "/authorization/forbidden-b11.csv")
    void bodyIsByteForByteUpstreams(String version, String verb, String group, String resourceOrPath, String subresource,
                                    String namespace, String name, String reason, String body) {
        Attributes a = Requests.request(UserInfo.of("NAME"), verb, group, resourceOrPath, subresource, namespace, name);
        assertEquals(body + "\n", Forbidden.status(a, reason, KubeVersion.parse(version)).toJson());
    }

    @Test
    void anonymousCsrCreateMessage() {
        Attributes a = Attributes.resource(UserInfo.of("system:anonymous", "system:unauthenticated"), "create", "",
                "certificates.k8s.io", "certificatesigningrequests", "", "");
        assertEquals("certificatesigningrequests.certificates.k8s.io is forbidden: User \"system:anonymous\" cannot create "
                + "resource \"certificatesigningrequests\" in API group \"certificates.k8s.io\" at the cluster scope",
                Forbidden.message(a, "", KubeVersion.NEWEST));
    }

    @Test
    void reasonsAreAppendedUnsanitizedAfterColon() {
        Attributes a = Attributes.resource(UserInfo.of("bob"), "update", "", "certificates.k8s.io",
                "certificatesigningrequests", "approval", "csr-x");
        assertEquals("certificatesigningrequests.certificates.k8s.io \"csr-x\" is forbidden: User \"bob\" cannot update resource "
                + "\"certificatesigningrequests/approval\" in API group \"certificates.k8s.io\" at the cluster scope: "
                + "Everything is forbidden.\nNo policy matched.",
                Forbidden.message(a, "Everything is forbidden.\nNo policy matched.", KubeVersion.NEWEST));
    }

    @Test
    void userNameIsGoQuoted() {
        Attributes a = Attributes.nonResource(UserInfo.of("we\"ird\n"), "get", "/");
        assertEquals("forbidden: User \"we\\\"ird\\n\" cannot get path \"/\"", Forbidden.message(a, "", KubeVersion.NEWEST));
    }
}
