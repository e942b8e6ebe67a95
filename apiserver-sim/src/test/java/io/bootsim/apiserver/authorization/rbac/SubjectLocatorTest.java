package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.bootsim.apiserver.authorization.rbac.RbacAuthorizerTest.clusterRole;
import static io.bootsim.apiserver.authorization.rbac.RbacAuthorizerTest.crb;
import static io.bootsim.apiserver.authorization.rbac.RbacAuthorizerTest.rb;
import static io.bootsim.apiserver.authorization.rbac.RbacAuthorizerTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SubjectLocatorTest {

    private static final PolicyRule EVERYTHING = new PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of(), List.of("*"));

    /**
     * Upstream's two setups: A binds ClusterRole admin (everything) cluster-wide to super-admin(s)
     * and in ns1 to admin(s); B keeps the cluster binding, binds admin(s) in ns1 to a Role that only
     * gets Pods instead, and configures super user foo.
     */
    private static SubjectLocator setup(String name) {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(clusterRole("admin", EVERYTHING));
        index.putClusterRoleBinding(crb("admin", "admin", Subject.user("super-admin"), Subject.group("super-admins")));
        if (name.equals("A")) {
            index.putRoleBinding(rb("ns1", "admin", RoleRef.clusterRole("admin"), Subject.user("admin"), Subject.group("admins")));
            return new SubjectLocator(index, "");
        }
        index.putRole(new Role(new ObjectMeta("admin", "ns1", Map.of(), Map.of()), List.of(rule("get", "*", "Pods"))));
        index.putRoleBinding(rb("ns1", "admin", RoleRef.role("admin"), Subject.user("admin"), Subject.group("admins")));
        return new SubjectLocator(index, "foo");
    }

    @ParameterizedTest(name = "{1}: {2} {3} in {4}")
    @CsvFileSource(resources = "/authorization/rbac-subject-locator-b3.csv")
    void upstreamSubjectLocatorVectors(String setup, String id, String verb, String resource, String namespace,
                                       String expected) {
        Attributes request = Requests.request(Requests.user("", "-"), verb, "", resource, "", namespace, "");
        SubjectLocator.AllowedSubjects found = setup(setup).allowedSubjects(request);
        List<String> subjects = found.subjects().stream().map(s -> s.kind() + ":" + s.name()).toList();
        assertEquals(Arrays.asList(expected.split(" ")), subjects, id);
        assertNull(found.error(), id);
    }

    @Test
    void aMissingRoleIsReportedWhileOtherBindingsStillCount() {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(clusterRole("csr-reader", rule("get", "certificates.k8s.io", "certificatesigningrequests")));
        index.putClusterRoleBinding(crb("a-dangling", "gone", Subject.user("nobody")));
        index.putClusterRoleBinding(crb("b-readers", "csr-reader", Subject.group("system:nodes")));
        Attributes request = Requests.request(Requests.user("", "-"), "get", "certificates.k8s.io",
                "certificatesigningrequests", "", "", "csr-1");

        SubjectLocator.AllowedSubjects found = new SubjectLocator(index, "").allowedSubjects(request);

        assertEquals(List.of(Subject.group("system:masters"), Subject.group("system:nodes")), found.subjects());
        assertEquals("clusterrole.rbac.authorization.k8s.io \"gone\" not found", found.error());
    }

    @Test
    void aSubjectBoundTwiceIsListedTwiceAsUpstreamReturnsIt() {
        RbacIndex index = new RbacIndex();
        index.putClusterRole(clusterRole("admin", EVERYTHING));
        index.putClusterRoleBinding(crb("one", "admin", Subject.user("alice")));
        index.putClusterRoleBinding(crb("two", "admin", Subject.user("alice")));
        Attributes request = Requests.request(Requests.user("", "-"), "list", "", "nodes", "", "", "");

        assertEquals(List.of(Subject.group("system:masters"), Subject.user("alice"), Subject.user("alice")),
                new SubjectLocator(index, "").allowedSubjects(request).subjects());
    }
}
