// Properties' facts (zone, currency, name, archived, opening cash) for reports,
// read from auth (which owns properties) through its internal endpoint;
// cached per process (shared/property-facts.ts).
import { auth } from "~encore/clients";
import { propertyFactsReader } from "../shared/property-facts.ts";

export const propertyFacts = propertyFactsReader(async (orgId, propertyIds) => (await auth.propertyFacts({ orgId, propertyIds })).properties);
