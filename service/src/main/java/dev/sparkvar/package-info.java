/** sparkvar: Monte Carlo value-at-risk on ephemeral Spark clusters, streamed as Server-Sent Events. */
package dev.sparkvar;
