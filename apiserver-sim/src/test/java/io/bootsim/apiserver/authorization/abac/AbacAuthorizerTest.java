package io.bootsim.apiserver.authorization.abac;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbacAuthorizerTest {

    private static AbacAuthorizer load(String resource) throws IOException {
        try (InputStream in = AbacAuthorizerTest.class.getResourceAsStream("/authorization/" + resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new AbacAuthorizer(resource, PolicyFile.parse(resource, text).policies());
        }
    }

    /** As in upstream's test: a resource request iff namespace or resource is non-empty. */
    private static Attributes request(UserInfo user, String verb, String group, String resource, String ns, String path) {
        boolean isResource = !ns.isEmpty() || !resource.isEmpty();
        return new Attributes(user, verb, isResource, isResource ? "" : path, ns, group, "", resource, "", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @ParameterizedTest(name = "{1}: {2} {3} {4}/{5} ns={6} path={7}")
    @CsvFileSource(resources = "/authorization/abac-authorize.csv")
    void upstreamAuthorizeVectors(String file, String id, String user, String verb, String group, String resource,
                                  String ns, String path, boolean allowed, Integer line) throws IOException {
        Decision d = load(file).authorize(request(UserInfo.of(user, UserInfo.AUTHENTICATED_GROUP), verb, nz(group),
                nz(resource), nz(ns), nz(path)));
        if (allowed) {
            assertEquals(new Decision.Allow("", "allowed by " + file + " line " + line), d, id);
        } else {
            assertEquals(new Decision.NoOpinion("No policy matched."), d, id);
        }
    }

    /** B6 TestSubjectMatches: after conversion, v0 empty subjects mean all authenticated, v1beta1 ones match nobody. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "~", value = {
        "M1,~,~,~,system:anonymous,system:unauthenticated,false",
        "M2,~,*,~,system:anonymous,system:unauthenticated,false",
        "M4,~,~,~,Foo,system:authenticated,true",
        "M5,~,~,~,Foo,a b system:authenticated,true",
        "M7,~,Foo,~,Bar,system:authenticated,false",
        "M8,~,Foo,~,foo,system:authenticated,false",
        "M10,~,Foo,~,Foo,system:authenticated,true",
        "M11,~,~,Foo,system:anonymous,system:unauthenticated,false",
        "M13,~,~,b,Foo,A B C system:authenticated,false",
        "M14,~,~,B,Foo,A BBB C system:authenticated,false",
        "M16,~,Foo,B,Bar,A B C system:authenticated,false",
        "M17,~,Foo,D,Foo,A B C system:authenticated,false",
        "M19,v1beta1,~,~,system:anonymous,system:unauthenticated,false",
        "M20,v1beta1,*,~,system:anonymous,system:unauthenticated,false",
        "M22,v1beta1,~,~,Foo,system:authenticated,false",
        "M23,v1beta1,~,~,Foo,a b system:authenticated,false",
    })
    void subjectMatchingAfterConversion(String id, String version, String user, String group, String requestUser,
                                        String groups, boolean matches) {
        String spec = (user == null ? "" : "\"user\":\"" + user + "\",") + (group == null ? "" : "\"group\":\"" + group + "\",")
                + "\"nonResourcePath\":\"*\"";
        String line = version == null ? "{" + spec.replace(",\"nonResourcePath\":\"*\"", "").replace("\"nonResourcePath\":\"*\"", "") + "}"
                : "{\"apiVersion\":\"" + PolicyFile.V1BETA1 + "\",\"kind\":\"Policy\",\"spec\":{" + spec + "}}";
        Policy p = PolicyFile.parse("f", line).policies().get(0);
        UserInfo u = new UserInfo(requestUser, "", List.of(groups.split(" ")), java.util.Map.of());
        assertEquals(matches, p.subjectMatches(Attributes.nonResource(u, "get", "/")), id);
    }

    /** B7 TestPolicy. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Q1|{\"readonly\":true}|foo|create|false|||false",
        "Q2|{\"user\":\"foo\"}|bar|get|true|||false",
        "Q4|{\"user\":\"foo\",\"resource\":\"foo\",\"namespace\":\"foo\"}|foo|get|true|foo|foo|true",
        "Q5|{}|foo|get|true|||true",
        "Q7|{\"user\":\"foo\"}|foo||false|||true",
        "Q8|{\"resource\":\"foo\"}|foo|get|true|foo||true",
        "Q10|v1:{\"user\":\"foo\"}|bar|get|true|||false",
        "Q11|v1:{\"user\":\"*\",\"readonly\":true}|foo||true|||false",
        "Q13|v1:{\"user\":\"foo\",\"namespace\":\"barr\",\"resource\":\"baz\"}|foo|get|true|baz|bar|false",
        "Q16|v1:{\"user\":\"foo\"}|foo|get|true|||true",
        "Q17|v1:{\"user\":\"*\"}|foo|get|true|||true",
        "Q19|v1:{\"group\":\"*\"}|foo|get|true|||true",
        "Q20|v1:{\"user\":\"*\",\"readonly\":true}|foo|get|true|||true",
        "Q22|v1:{\"user\":\"foo\",\"namespace\":\"bar\",\"resource\":\"baz\"}|foo|get|true|baz|bar|true",
    })
    void singlePolicyMatching(String id, String policy, String user, String verb, boolean resourceRequest,
                              String resource, String ns, boolean matches) {
        String line = policy.startsWith("v1:") ? "{\"apiVersion\":\"" + PolicyFile.V1BETA1 + "\",\"kind\":\"Policy\",\"spec\":"
                + policy.substring(3) + "}" : policy;
        Policy p = PolicyFile.parse("f", line).policies().get(0);
        Attributes a = new Attributes(UserInfo.of(user, UserInfo.AUTHENTICATED_GROUP), nz(verb), resourceRequest, "",
                nz(ns), "", "", nz(resource), "", "");
        assertEquals(matches, p.matches(a), id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Q14|/api|/api2|false",
        "Q23|/api|/api|true",
        "Q25|/api/*|/api/foo|true",
    })
    void nonResourcePathMatching(String id, String policyPath, String path, boolean matches) {
        Policy p = PolicyFile.parse("f", "{\"apiVersion\":\"" + PolicyFile.V1BETA1 + "\",\"kind\":\"Policy\",\"spec\":"
                + "{\"user\":\"*\",\"nonResourcePath\":\"" + policyPath + "\"}}").policies().get(0);
        assertEquals(matches, p.matches(Attributes.nonResource(UserInfo.of("foo", UserInfo.AUTHENTICATED_GROUP), "get", path)), id);
    }

    @Test
    void emptyFileAndMissingTrailingNewlineLoad() {
        assertEquals(List.of(), PolicyFile.parse("f", "").policies());
        assertEquals(2, PolicyFile.parse("f", "{\"user\":\"a\"}\n{\"user\":\"b\"}").policies().size());
    }

    @Test
    void unversionedLinesWarnAsUpstream() {
        assertEquals(List.of("Policy file f contained unversioned rules. See docs/admin/authorization.md#abac-mode for ABAC file format details."),
                PolicyFile.parse("f", "{\"user\":\"a\"}").warnings());
    }

    @Test
    void malformedLineNamesFileLineAndText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyFile.parse("/etc/abac.jsonl", "# ok\n{\"user\":\"a\"}\n{\"user\": }\n"));
        assertTrue(e.getMessage().startsWith("error reading policy file /etc/abac.jsonl, line 3: {\"user\": }: "), e.getMessage());
    }

    @Test
    void subresourceIsIgnored() {
        Policy p = PolicyFile.parse("f", "{\"user\":\"k\",\"resource\":\"pods\",\"namespace\":\"*\"}").policies().get(0);
        assertTrue(p.matches(Attributes.resource(UserInfo.of("k"), "update", "ns", "", "pods", "status", "p")));
    }
}
