/**
 * kube-apiserver's admission chain: which plugins a release turns on by default, the
 * --enable-admission-plugins / --disable-admission-plugins / --admission-control flag semantics,
 * and the plugins whose effect bootsim reproduces (NodeRestriction, and the CSR plugins of
 * registry.certificates). {@link io.bootsim.apiserver.admission.Admission#admit} is what the request
 * pipeline calls for every write.
 */
package io.bootsim.apiserver.admission;
