package io.bootsim.e2e.apiserver;

/** kubectl.1.33 against a kube-apiserver emulating 1.33. */
class KubeApiServerKubectl133Test extends KubeApiServerWithRealKubectlTest {
    @Override
    String minor() {
        return "1.33";
    }
}
