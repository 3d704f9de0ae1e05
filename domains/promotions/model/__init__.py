"""The promotions model: promotions and campaigns, coupons, and the pure evaluation."""
