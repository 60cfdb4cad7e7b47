/**
 * The {@code index} and {@code search} commands over clip-index, and the contact sheet of search results.
 */
package io.clipj.bench.search;
