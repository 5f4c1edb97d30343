/* rules.h - every rule and constant of the fleet economy in one place (the
 * world `prodhost fleet run` simulates; docs/FLEET.md explains them):
 *
 * Map. The 25 marketplaces of spacetraders_markets_snapshot.json at their
 * coordinates in spacetraders_waypoints.json; a market's id (its location)
 * is its position in the snapshot + 1. Travel is the game's CRUISE rule:
 *   seconds = round(max(distance, 1) x 25 / speed + 15),
 * distance Euclidean; a hauler has the snapshot frigate's speed 36 and
 * cargo 40 (the same market: 0 s, nothing to travel).
 *
 * Markets. Every trade good of a market has a stock, in units: its supply
 * level is the band the stock is in, one band per FLEET_BAND trade volumes
 * (SCARCE below 1 band, LIMITED below 2, MODERATE 3, HIGH 4, ABUNDANT
 * above), and its baseline is the middle of the snapshot's level, except
 * that a made good (one the recipes produce) sold by a market has its
 * baseline at most FLEET_MADE_CAP (MODERATE): other traders keep HIGH
 * supply rare, and HIGH supply of a made good is what the fleet's own
 * deliveries create (seed 002: "we can't find HIGH supply markets, but we
 * can CREATE them"). Prices
 * are the snapshot's, times
 *   f = 1 + FLEET_PRICE_STEP x (baseline - stock) / band, within
 *       [FLEET_PRICE_MIN, FLEET_PRICE_MAX]:
 * buying lowers the stock (supply down, price up), selling raises it (supply
 * up, price down). A market sells only the whole units it holds. Each game
 * minute FLEET_DRIFT of the gap between stock and baseline closes.
 *
 * Factories. A market that exports a good and imports every input of that
 * good's recipe (spacetraders_chain.json) is its factory: a production
 * manager of the plugin with one inventory. Inputs sold to it go into that
 * inventory; whenever it holds a cycle's inputs and no job runs, a repeating
 * job of the recipe starts, and each completed cycle's output goes onto the
 * export's stock. The manager's output modifier makes one cycle yield
 * FLEET_FACTORY_STEP of a band (at least one unit): a delivered hold of
 * inputs raises the export's supply level step by step, a few cycles a
 * level, SCARCE .. ABUNDANT.
 *
 * Money. The fleet starts with FLEET_CREDITS; credits move only on trades,
 * at the market's price of that moment. */
#ifndef PRODHOST_FLEET_RULES_H
#define PRODHOST_FLEET_RULES_H

#define FLEET_SHIP_SPEED 36.0   /* the snapshot frigate's engine speed */
#define FLEET_SHIP_CARGO 40u    /* ... and its cargo capacity */
#define FLEET_CRUISE 25.0       /* CRUISE multiplier of the travel rule */
#define FLEET_TRAVEL_FIXED_S 15 /* seconds every trip adds */

#define FLEET_BAND 1.0          /* trade volumes of stock per supply level */
#define FLEET_PRICE_STEP 0.10   /* price change per band away from the baseline */
#define FLEET_PRICE_MIN 0.5     /* price factor bounds */
#define FLEET_PRICE_MAX 2.0
#define FLEET_DRIFT 0.03        /* share of the gap to the baseline closed per game minute */

#define FLEET_MADE_CAP 3u        /* PROD_SUPPLY_MODERATE: the highest baseline of a made good */
#define FLEET_FACTORY_STEP 0.25 /* bands of stock one factory cycle yields */
#define FLEET_FACTORY_HOLD 100000u /* units a factory's inventory holds */

#define FLEET_CREDITS 1000000.0 /* the fleet's starting credits */

#define FLEET_STEP_MS 1000      /* the game loop's step */
#define FLEET_MINUTE_MS 60000   /* drift, planning and the config row: once a game minute */
#define FLEET_HOUR_MS 3600000   /* a progress line */

#endif
