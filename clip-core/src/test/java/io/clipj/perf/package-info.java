/** Manual throughput and memory measurements (run by hand, not by surefire). */
package io.clipj.perf;
