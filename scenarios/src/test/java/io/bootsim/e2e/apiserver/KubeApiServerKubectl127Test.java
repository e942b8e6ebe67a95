package io.bootsim.e2e.apiserver;

/** kubectl.1.27 against a kube-apiserver emulating 1.27. */
class KubeApiServerKubectl127Test extends KubeApiServerWithRealKubectlTest {
    @Override
    String minor() {
        return "1.27";
    }
}
