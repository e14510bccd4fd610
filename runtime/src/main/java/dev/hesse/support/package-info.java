/** Support classes for generated code. Their API may change between versions; user code should not use them. */
package dev.hesse.support;
