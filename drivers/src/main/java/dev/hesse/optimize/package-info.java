/** Optimisers built on gradients and Hessian-vector products: trust-region Newton-CG (Steihaug-Toint), AdaHessian. */
package dev.hesse.optimize;
