package io.bootsim.apiserver.endpoints.request;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestInfoResolverTest {

    private final RequestInfoResolver resolver = new RequestInfoResolver();

    // Cases from upstream's requestinfo_test.go (TestGetAPIRequestInfo), plus the bootstrap flow's paths.
    @ParameterizedTest(name = "{0} {1}?{2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /api/v1/namespaces                                        | -                                   | list             | ''            | v1 | ''      | namespaces                | ''         | ''
            GET    | /api/v1/namespaces/other                                  | -                                   | get              | ''            | v1 | other   | namespaces                | ''         | other
            GET    | /api/v1/namespaces/other/pods/foo                         | -                                   | get              | ''            | v1 | other   | pods                      | ''         | foo
            GET    | /api/v1/namespaces/other/pods                             | -                                   | list             | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/namespaces/other/pods                             | watch=true                          | watch            | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/namespaces/other/pods                             | watch=yes                           | watch            | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/namespaces/other/pods                             | watch=0                             | list             | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/pods                                              | -                                   | list             | ''            | v1 | ''      | pods                      | ''         | ''
            HEAD   | /api/v1/namespaces/other/pods/foo                         | -                                   | get              | ''            | v1 | other   | pods                      | ''         | foo
            GET    | /api/v1/namespaces/other/pods/foo/status                  | -                                   | get              | ''            | v1 | other   | pods                      | status     | foo
            GET    | /api/v1/namespaces/other/finalize                         | -                                   | get              | ''            | v1 | other   | namespaces                | finalize   | other
            PUT    | /api/v1/namespaces/other/status                           | -                                   | update           | ''            | v1 | other   | namespaces                | status     | other
            POST   | /api/v1/namespaces/other/pods                             | -                                   | create           | ''            | v1 | other   | pods                      | ''         | ''
            PUT    | /api/v1/namespaces/other/pods/foo                         | -                                   | update           | ''            | v1 | other   | pods                      | ''         | foo
            PATCH  | /api/v1/nodes/n1/status                                   | -                                   | patch            | ''            | v1 | ''      | nodes                     | status     | n1
            DELETE | /api/v1/namespaces/other/pods/foo                         | -                                   | delete           | ''            | v1 | other   | pods                      | ''         | foo
            DELETE | /api/v1/namespaces/other/pods                             | -                                   | deletecollection | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/watch/namespaces/other/pods                       | -                                   | watch            | ''            | v1 | other   | pods                      | ''         | ''
            GET    | /api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/sub | -                                   | proxy            | ''            | v1 | other   | pods                      | ''         | foo
            GET    | /api/v1/nodes/n1/proxy/healthz                            | -                                   | get              | ''            | v1 | ''      | nodes                     | proxy      | n1
            GET    | /apis/certificates.k8s.io/v1/certificatesigningrequests   | fieldSelector=metadata.name=csr-abc | list             | certificates.k8s.io | v1 | '' | certificatesigningrequests | ''    | csr-abc
            GET    | /apis/certificates.k8s.io/v1/certificatesigningrequests   | fieldSelector=metadata.name=csr-abc&watch=true | watch | certificates.k8s.io | v1 | '' | certificatesigningrequests | '' | csr-abc
            GET    | /apis/certificates.k8s.io/v1/certificatesigningrequests   | fieldSelector=metadata.name=a,spec.signerName=b | list | certificates.k8s.io | v1 | '' | certificatesigningrequests | '' | ''
            PUT    | /apis/certificates.k8s.io/v1/certificatesigningrequests/csr-1/approval | -                | update           | certificates.k8s.io | v1 | '' | certificatesigningrequests | approval | csr-1
            POST   | /apis/authorization.k8s.io/v1/subjectaccessreviews        | -                                   | create           | authorization.k8s.io | v1 | '' | subjectaccessreviews | ''       | ''
            """)
    void resolvesResourceRequestsAsUpstream(String method, String path, String query, String verb, String group,
                                            String version, String namespace, String resource, String subresource,
                                            String name) {
        RequestInfo info = resolver.resolve(method, path, parse(query));
        assertEquals(true, info.resourceRequest());
        assertEquals(verb, info.verb());
        assertEquals(group, info.apiGroup());
        assertEquals(version, info.apiVersion());
        assertEquals(namespace, info.namespace());
        assertEquals(resource, info.resource());
        assertEquals(subresource, info.subresource());
        assertEquals(name, info.name());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /                        | get
            GET    | /healthz                 | get
            GET    | /version                 | get
            GET    | /api                     | get
            GET    | /api/v1                  | get
            GET    | /apis                    | get
            GET    | /apis/rbac.authorization.k8s.io | get
            GET    | /apis/rbac.authorization.k8s.io/v1 | get
            POST   | /openapi/v2              | post
            DELETE | /healthz                 | delete
            """)
    void otherPathsAreNonResourceRequestsWithTheLowerCasedMethodAsVerb(String method, String path, String verb) {
        RequestInfo info = resolver.resolve(method, path, Map.of());
        assertEquals(false, info.resourceRequest());
        assertEquals(verb, info.verb());
        assertEquals(path, info.path());
    }

    private static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                q.computeIfAbsent(kv.substring(0, eq), k -> new java.util.ArrayList<>()).add(kv.substring(eq + 1));
            }
        }
        return q;
    }
}
