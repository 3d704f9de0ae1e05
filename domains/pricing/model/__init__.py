"""The pricing model: price lists and which one wins, currency conversion, Omnibus, tax."""
