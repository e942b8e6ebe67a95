/**
 * The create-only review resources kube-apiserver serves: SubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview
 * (authorization.k8s.io), TokenReview and SelfSubjectReview (authentication.k8s.io). Each takes the
 * decoded request body and answers the object upstream returns (its status filled in) or throws a
 * StatusException with upstream's text. Nothing is stored.
 */
package io.bootsim.apiserver.reviews;
