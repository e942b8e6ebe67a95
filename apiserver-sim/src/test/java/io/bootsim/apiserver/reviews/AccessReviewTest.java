package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.AuthorizationOptions;
import io.bootsim.apiserver.authorization.AuthorizerConfig;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.apiserver.bootstrappolicy.BootstrapPolicy;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectAccessReview against the seed's cluster (Node,RBAC). */
class AccessReviewTest {

    static final KubeVersion V = KubeVersion.NEWEST;
    static final String V1 = "authorization.k8s.io/v1";

    /** The default policy plus the seed's {@code kubectl create clusterrolebinding kubelet-bootstrap ...}. */
    static Union seedChain(KubeVersion v, List<String> modes) {
        RbacIndex rbac = new RbacIndex();
        BootstrapPolicy.clusterRoles(v).forEach(rbac::putClusterRole);
        BootstrapPolicy.clusterRoleBindings(v).forEach(rbac::putClusterRoleBinding);
        rbac.putClusterRoleBinding(new ClusterRoleBinding(ObjectMeta.named("kubelet-bootstrap"),
                RoleRef.clusterRole("system:node-bootstrapper"), List.of(Subject.user("kubelet-bootstrap"))));
        return AuthorizerConfig.build(new AuthorizationOptions(modes, "", ""), rbac, v).union();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final Union chain = seedChain(V, List.of("Node", "RBAC"));

    @Test
    void canICreateCsrsAsKubeletBootstrapIsYesUnderTheSeedBinding() {
        // kubectl-wire 5.12: the body kubectl sends, evaluated for the impersonated identity
        ObjectNode body = json("{'kind':'SelfSubjectAccessReview','apiVersion':'authorization.k8s.io/v1','metadata':{'creationTimestamp':null},"
                + "'spec':{'resourceAttributes':{'namespace':'default','verb':'create','group':'certificates.k8s.io','resource':'certificatesigningrequests'}},"
                + "'status':{'allowed':false}}");
        UserInfo impersonated = UserInfo.of("kubelet-bootstrap", "system:node-bootstrapper", "system:authenticated");
        ObjectNode response = new SelfSubjectAccessReview(chain, V).create(V1, body, impersonated);
        assertEquals(json("{'kind':'SelfSubjectAccessReview','apiVersion':'authorization.k8s.io/v1','metadata':{'creationTimestamp':null},"
                + "'spec':{'resourceAttributes':{'namespace':'default','verb':'create','group':'certificates.k8s.io','resource':'certificatesigningrequests'}},"
                + "'status':{'allowed':true,'reason':'RBAC: allowed by ClusterRoleBinding \\'kubelet-bootstrap\\' of ClusterRole "
                + "\\'system:node-bootstrapper\\' to User \\'kubelet-bootstrap\\''}}"), response);
    }

    @Test
    void canINoCarriesNoReasonWhenNothingMatched() {
        ObjectNode body = json("{'spec':{'resourceAttributes':{'verb':'delete','resource':'nodes'}}}");
        ObjectNode response = new SelfSubjectAccessReview(chain, V).create(V1, body,
                UserInfo.of("kubelet-bootstrap", "system:authenticated"));
        assertEquals(json("{'allowed':false}"), response.get("status"));
    }

    @ParameterizedTest(name = "{0} groups={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // the approver's SAR for a bootstrap CSR: allowed only through an explicit nodeclient binding
            "system:bootstrap:abcdef | system:bootstrappers | false",
            // a subject is taken as given: system:authenticated is not added, so basic-user does not apply
            "alice |  | false",
            "alice | system:masters | true",
    })
    void subjectAccessReviewEvaluatesTheSubjectAsGiven(String user, String group, boolean allowed) {
        String groups = group == null ? "" : ",'groups':['" + group + "']";
        ObjectNode body = json("{'spec':{'resourceAttributes':{'verb':'create','group':'certificates.k8s.io',"
                + "'resource':'certificatesigningrequests','subresource':'nodeclient'},'user':'" + user + "'" + groups + "}}");
        assertEquals(allowed, new SubjectAccessReview(chain, V).create(V1, body).path("status").path("allowed").asBoolean());
    }

    @Test
    void nodeUsersAreAllowedByTheNodeAuthorizerWithoutAReason() {
        ObjectNode body = json("{'spec':{'resourceAttributes':{'verb':'get','group':'coordination.k8s.io','resource':'leases',"
                + "'namespace':'kube-node-lease','name':'n1'},'user':'system:node:n1','groups':['system:nodes']}}");
        ObjectNode response = new SubjectAccessReview(chain, V).create(V1, body);
        assertEquals(json("{'allowed':true}"), response.get("status"));
    }

    @Test
    void v1beta1SpellsTheGroupsFieldGroup() {
        KubeVersion v = KubeVersion.of(1, 9);
        ObjectNode body = json("{'spec':{'nonResourceAttributes':{'path':'/healthz','verb':'get'},'user':'u','group':['system:authenticated']}}");
        ObjectNode response = new SubjectAccessReview(seedChain(v, List.of("RBAC")), v).create("authorization.k8s.io/v1beta1", body);
        assertEquals(json("{'nonResourceAttributes':{'path':'/healthz','verb':'get'},'user':'u','group':['system:authenticated']}"),
                response.get("spec"));
        assertEquals(true, response.path("status").path("allowed").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty spec | {'spec':{}} | .authorization.k8s.io \"\" is invalid: [spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be specified]",
            "both attributes | {'spec':{'user':'u','resourceAttributes':{'verb':'get'},'nonResourceAttributes':{'path':'/x','verb':'get'}}} | .authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/x\", Verb:\"get\"}: cannot be specified in combination with resourceAttributes",
            "named review | {'metadata':{'name':'x'},'spec':{'user':'u','resourceAttributes':{'verb':'get'}}} | .authorization.k8s.io \"\" is invalid: metadata: Invalid value: v1.ObjectMeta{Name:\"x\", GenerateName:\"\", Namespace:\"\", SelfLink:\"\", UID:\"\", ResourceVersion:\"\", Generation:0, CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:map[string]string(nil), Annotations:map[string]string(nil), OwnerReferences:[]v1.OwnerReference(nil), Finalizers:[]string(nil), ManagedFields:[]v1.ManagedFieldsEntry(nil)}: must be empty",
    })
    void invalidSubjectAccessReviewsAre422WithUpstreamsText(String name, String body, String message) {
        StatusException e = assertThrows(StatusException.class, () -> new SubjectAccessReview(chain, V).create(V1, json(body)));
        assertEquals(422, e.status().code());
        assertEquals(message, e.status().message());
    }

    @Test
    void metadataOfOldReleasesPrintsWithTheOldToolchainAndFields() {
        String rendered = GoObjectMeta.render(json("{'name':'x','labels':{'b':'2','a':'1'}}"), KubeVersion.of(1, 9));
        assertEquals("v1.ObjectMeta{Name:\"x\", GenerateName:\"\", Namespace:\"\", SelfLink:\"\", UID:\"\", ResourceVersion:\"\", "
                + "Generation:0, CreationTimestamp:v1.Time{Time:time.Time{wall:0x0, ext:0, loc:(*time.Location)(nil)}}, "
                + "DeletionTimestamp:(*v1.Time)(nil), DeletionGracePeriodSeconds:(*int64)(nil), "
                + "Labels:map[string]string{\"a\":\"1\", \"b\":\"2\"}, Annotations:map[string]string(nil), "
                + "OwnerReferences:[]v1.OwnerReference(nil), Initializers:(*v1.Initializers)(nil), Finalizers:[]string(nil), "
                + "ClusterName:\"\"}", rendered);
    }

    @Test
    void selfSubjectAccessReviewNeedsNoSubjectButOneKindOfAttributes() {
        StatusException e = assertThrows(StatusException.class,
                () -> new SelfSubjectAccessReview(chain, V).create(V1, json("{'spec':{}}"), UserInfo.of("u")));
        assertEquals(".authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": "
                + "exactly one of nonResourceAttributes or resourceAttributes must be specified", e.status().message());
    }

    @Test
    void localSubjectAccessReviewMustNameItsOwnNamespace() {
        LocalSubjectAccessReview local = new LocalSubjectAccessReview(chain, V);
        StatusException invalid = assertThrows(StatusException.class, () -> local.create(V1, "ns1",
                json("{'metadata':{'namespace':'ns1'},'spec':{'user':'u','resourceAttributes':{'namespace':'other','verb':'get','resource':'pods'}}}")));
        assertEquals(".authorization.k8s.io \"\" is invalid: spec.resourceAttributes.namespace: Invalid value: \"other\": "
                + "must match metadata.namespace", invalid.status().message());
        StatusException nonResource = assertThrows(StatusException.class, () -> local.create(V1, "ns1",
                json("{'metadata':{'namespace':'ns1'},'spec':{'user':'u','nonResourceAttributes':{'path':'/x','verb':'get'}}}")));
        assertEquals(".authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: "
                + "authorization.NonResourceAttributes{Path:\"/x\", Verb:\"get\"}: disallowed on this kind of request",
                nonResource.status().message());
        StatusException otherPath = assertThrows(StatusException.class, () -> local.create(V1, "ns2",
                json("{'metadata':{'namespace':'ns1'},'spec':{'user':'u','resourceAttributes':{'namespace':'ns1','verb':'get'}}}")));
        assertEquals(400, otherPath.status().code());
        assertEquals("spec.resourceAttributes.namespace must match namespace: ns2", otherPath.status().message());
        ObjectNode ok = local.create(V1, "ns1",
                json("{'metadata':{'namespace':'ns1'},'spec':{'user':'u','resourceAttributes':{'namespace':'ns1','verb':'get','resource':'pods'}}}"));
        assertEquals(json("{'namespace':'ns1','creationTimestamp':null}"), ok.get("metadata"));
    }
}
