/** Curvature from Hessian-vector products: Hutchinson diagonal and trace, Hutch++, exact and sparse Hessians, Lanczos. */
package dev.hesse.estimate;
