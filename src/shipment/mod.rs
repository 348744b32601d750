//! Shipment kernels.
