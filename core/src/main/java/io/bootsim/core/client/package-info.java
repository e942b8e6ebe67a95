/**
 * client-go's informer machinery, small, for components that react to the API rather than poll
 * it: a {@link io.bootsim.core.client.Reflector} lists a collection, then watches it from the
 * list's resourceVersion and re-lists (after backoff) when the watch is refused, fails or reports
 * 410 Expired; an {@link io.bootsim.core.client.Informer} keeps the objects in a local
 * {@link io.bootsim.core.client.Store} and tells its handlers about adds, updates and deletes; a
 * {@link io.bootsim.core.client.workqueue.WorkQueue} feeds keys to a bounded number of workers with
 * client-go's dedup and rate limiting. Everything runs on the component's Scheduler: no threads,
 * no blocking, so simulated runs stay deterministic.
 *
 * <p>Typical wiring (a controller): an Informer on {@code /apis/.../certificatesigningrequests},
 * handlers that {@code queue.add(key)}, and a worker that reads the object from the store,
 * sends its requests and calls {@code queue.done(key)} when the last answer is in.
 */
// upstream: staging/src/k8s.io/client-go/tools/cache (reflector.go, shared_informer.go, store.go),
// staging/src/k8s.io/client-go/util/workqueue
package io.bootsim.core.client;
