package io.bootsim.apiserver.authorization;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.rbac.ClusterRoleBinding;
import io.bootsim.apiserver.authorization.rbac.ObjectMeta;
import io.bootsim.apiserver.authorization.rbac.RbacIndex;
import io.bootsim.apiserver.authorization.rbac.RoleRef;
import io.bootsim.apiserver.authorization.rbac.Subject;
import io.bootsim.apiserver.bootstrappolicy.BootstrapPolicy;
import io.bootsim.core.version.KubeVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One authorization decision through the chain {@code system:masters, Node, RBAC} with the default
 * policy plus N ClusterRoleBindings (issue 3 target: under 2 microseconds median at 1,000). The
 * request is a bootstrap token creating a CSR, allowed by RBAC after the Node authorizer's no opinion.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -o -pl apiserver-sim -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp apiserver-sim/target/test-classes:apiserver-sim/target/classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main AuthorizationBenchmark -f1 -wi 3 -i 5
 * </pre>
 * ({@code -bm sample} reports the median directly.)
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthorizationBenchmark {

    @Param({"1000", "10000"})
    public int bindings;

    private Union chain;
    private Attributes bootstrapCsrCreate;
    private Attributes nodeGetsItself;

    @Setup
    public void setUp() {
        KubeVersion version = KubeVersion.NEWEST;
        RbacIndex rbac = new RbacIndex();
        BootstrapPolicy.clusterRoles(version).forEach(rbac::putClusterRole);
        BootstrapPolicy.clusterRoleBindings(version).forEach(rbac::putClusterRoleBinding);
        for (int i = 0; i < bindings; i++) {
            // bindings for other users and groups, as a large cluster would have
            rbac.putClusterRoleBinding(new ClusterRoleBinding(ObjectMeta.named("binding-" + i),
                    RoleRef.clusterRole(i % 2 == 0 ? "system:node-bootstrapper" : "system:basic-user"),
                    List.of(i % 3 == 0 ? Subject.group("team-" + i) : Subject.user("user-" + i))));
        }
        rbac.putClusterRoleBinding(new ClusterRoleBinding(ObjectMeta.named("kubeadm:kubelet-bootstrap"),
                RoleRef.clusterRole("system:node-bootstrapper"),
                List.of(Subject.group("system:bootstrappers:kubeadm:default-node-token"))));
        chain = AuthorizerConfig.build(new AuthorizationOptions(List.of("Node", "RBAC"), "", ""), rbac, version).union();
        bootstrapCsrCreate = Attributes.resource(UserInfo.of("system:bootstrap:abcdef", "system:bootstrappers",
                        "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"),
                "create", "", "certificates.k8s.io", "certificatesigningrequests", "", "");
        nodeGetsItself = Attributes.resource(UserInfo.of("system:node:n1", "system:nodes", "system:authenticated"),
                "get", "", "", "nodes", "", "n1");
        if (!chain.authorize(bootstrapCsrCreate).allowed() || !chain.authorize(nodeGetsItself).allowed()) {
            throw new IllegalStateException("benchmark requests must be allowed");
        }
    }

    @Benchmark
    public Decision bootstrapTokenCreatesCsrViaRbac() {
        return chain.authorize(bootstrapCsrCreate);
    }

    @Benchmark
    public Union.Result bootstrapTokenCreatesCsrWithTrace() {
        return chain.evaluate(bootstrapCsrCreate);
    }

    @Benchmark
    public Decision nodeReadsItsOwnNodeViaNodeAuthorizer() {
        return chain.authorize(nodeGetsItself);
    }
}
