/*
 * food_table.h - THE food table: what 100 g of each food brings to the intakes of the model.
 *
 * X-macro: CS_FOOD(ID, name, label, group, k1, mk4, mk7, mk8_10, ca, d, mg, source), all per
 * 100 g of food as eaten (drinks: per 100 g, about 100 ml):
 *
 *   k1      phylloquinone (vitamin K1)                              [ug]
 *   mk4     menaquinone-4                                           [ug]
 *   mk7     menaquinone-7, with the small MK-5 and MK-6 where a
 *           source lists them                                       [ug]
 *   mk8_10  long-chain menaquinones MK-8, MK-9 (incl. MK-9(4H)), MK-10 [ug]
 *   ca      calcium                                                 [mg]
 *   d       vitamin D (D3 and D2 as reported; 1 ug = 40 IU)         [ug]
 *   mg      magnesium                                               [mg]
 *
 * foods.c turns it into the public table (calcsim/foods.h). Every value carries its source in
 * the last field, with the tags of ../shared/science/facts.md: [R] read (retrieved) in the
 * named source, [D] derived from such a value as stated, [M] background knowledge that could
 * not be retrieved here (typical USDA / national food-table values): treat [M] as "about".
 * Food composition varies a lot (season, starter culture, ripening, country): a value here is
 * one representative number, not a property of every piece of cheese.
 *
 * ASSUMPTION (docs/foods.md): the model has two kinds of dietary menaquinone, MK-4 and a
 * long-chain kind that behaves like MK-7. MK-5 to MK-10 from foods all count one to one, by
 * mass, as that long-chain kind: MK-8 and MK-9 from cheese have long half-lives like MK-7
 * (and were counted with the rest in the Rotterdam intake estimate), but their absorption
 * from cheese has hardly been measured, so this may overstate cheese.
 */
/* clang-format off */
#define CS_FOOD_TABLE(X) \
/* --- fermented soy and vegetables -------------------------------------------------------- */ \
X(NATTO, "natto", "Natto (fermented soybeans)", "fermented", 32.1, 0, 1098.5, 0, 217, 0, 115, \
  "K1 32.1 and total K2 1098.5 ug/100 g, a review table citing Schurgers & Vermeer 2000 [R]; " \
  "nearly all MK-7, so all K2 is counted as MK-7 here [D]; the Japanese food table 2020 gives " \
  "600 ug K2/100 g [R]; Mg 115 mg (USDA, via Healthline) [R]; Ca 217 mg USDA [M]; no vitamin D [M]") \
X(SAUERKRAUT, "sauerkraut", "Sauerkraut", "fermented", 22.4, 0.4, 3.0, 2.1, 30, 0, 13, \
  "K1 22.4 and total K2 5.5 ug/100 g, a review table citing Schurgers & Vermeer 2000 [R]; " \
  "the split of K2 into MK-4 / MK-5-7 / MK-8-10 [M]; Ca, Mg USDA [M]") \
/* --- cheese ------------------------------------------------------------------------------ */ \
X(GOUDA, "gouda", "Gouda, Dutch, 4-13 weeks", "cheese", 2.5, 5, 0, 51, 707, 0.36, 29, \
  "K2 total 47.3-65.0 ug/100 g in Dutch Gouda, Vermeer 2018 (Nutrients 10:446) [R], midpoint 56 " \
  "[D]; MK-4 ~5 ug/100 g in hard cheese, Schurgers & Vermeer as quoted by W. Davis [R], rest " \
  "long-chain [D]; K1 0.7 ug, Ca 198 mg, Mg 8.2 mg, D 0.1 ug per 28 g (USDA via eatm3) [R]") \
X(JARLSBERG, "jarlsberg", "Jarlsberg", "cheese", 2.0, 4, 0, 42.5, 790, 0.3, 30, \
  "MK-9(4H) 200-650 ng/g, highest in Jarlsberg, Hojo 2007 (J Dairy Sci 90:4078) [R], midpoint " \
  "42.5 ug/100 g [D]; MK-4, K1, Ca, D, Mg like other hard cheeses [M]") \
X(EMMENTAL, "emmental", "Emmental (Swiss)", "cheese", 2.0, 4, 0, 30, 1000, 0.3, 35, \
  "MK-9(4H) in the 200-650 ng/g range, below Jarlsberg, Hojo 2007 [R]; 30 ug/100 g chosen in " \
  "the lower half [D]; MK-4, K1, Ca, D, Mg [M]") \
X(CHEDDAR, "cheddar", "Cheddar (Australian)", "cheese", 2.4, 0, 1.1, 12, 720, 0.6, 28, \
  "MK-5 1.1, MK-8 4, MK-9 8 ug/100 g, Dunlop 2022 (Food Chem 133772) [R]; MK-4 not reported " \
  "there, taken as 0 [M]; K1, Ca, D, Mg USDA [M]") \
X(PARMESAN, "parmesan", "Parmesan", "cheese", 1.7, 0, 0, 5, 1184, 0.5, 44, \
  "Italian cheeses, Parmesan included, are poor in K2, Vermeer 2018 (via CERIN) [R]; the size " \
  "5 ug/100 g [M]; K1, Ca, D, Mg USDA [M]") \
X(BRIE, "brie", "Brie", "cheese", 2.3, 3.7, 0, 52.8, 184, 0.5, 20, \
  "soft cheeses 56.5 ug K2/100 g, Schurgers & Vermeer 2000 [M], split MK-4 3.7 / rest " \
  "long-chain [M]; Mg 15-25 mg/100 g in soft cheese, Rizzoli review (PMC7393990) [R]; K1, Ca, D " \
  "USDA [M]") \
X(CAMEMBERT, "camembert", "Camembert", "cheese", 2.0, 0, 0, 68.1, 388, 0.4, 20, \
  "total K2 681 ng/g, Vermeer 2018 (via CERIN) [R], counted as long-chain [D]; MK-4 split [M]; " \
  "Mg soft-cheese range (PMC7393990) [R]; K1, Ca, D USDA [M]") \
X(MUNSTER, "munster", "Munster (French)", "cheese", 2.0, 0, 0, 80.1, 717, 0.6, 27, \
  "total K2 801 ng/g, the highest cheese in Vermeer 2018 (via CERIN) [R], counted as long-chain " \
  "[D]; K1, Ca, D, Mg USDA [M]") \
X(CURD_CHEESE, "curd_cheese", "Curd cheese (quark)", "cheese", 0.4, 0.4, 0, 24.4, 100, 0.1, 10, \
  "curd cheese 24.8 ug K2/100 g, Schurgers & Vermeer 2000 [M]; split MK-4 0.4 / rest long-chain " \
  "[M]; Ca, D, Mg national food tables [M]") \
/* --- other dairy ------------------------------------------------------------------------- */ \
X(MILK, "milk", "Whole milk (not fortified)", "dairy", 0.3, 1.0, 0, 0, 120, 0, 11, \
  "K2 0.7-1.4 ug/100 g (MK-4), Rizzoli review table (PMC7393990) [R], midpoint [D]; Ca 120 mg, " \
  "Mg 11 mg, vitamin D trace, Irish dairy table (NDC) [R]; K1 [M]") \
X(MILK_US, "milk_us", "Whole milk, US (vitamin D fortified)", "fortified", 0.3, 1.0, 0, 0, 113, 1.3, 10, \
  "vitamin D 51 IU/100 g = 1.3 ug (USDA 2020, via SouperSage) [R]; Mg 10 mg, K2 as milk " \
  "(PMC7393990) [R]; Ca 113 mg USDA [M]; K1 [M]") \
X(YOGHURT, "yoghurt", "Yoghurt, whole milk", "dairy", 0.2, 0.6, 0, 0.3, 125, 0.05, 13, \
  "Ca 125-150 mg (lower end), Mg 13 mg, K2 0.1-3.3 ug/100 g, Rizzoli review (PMC7393990) [R]; " \
  "K2 0.9 ug and its split [M]; vitamin D 2 IU (USDA, via SouperSage) [R]; K1 [M]") \
X(BUTTER, "butter", "Butter", "dairy", 7.0, 15, 0, 0, 24, 1.5, 2, \
  "MK-4 15 ug/100 g, Schurgers & Vermeer 2000 [M]; Ca 24 mg USDA SR (0.024 g) [R]; K1, D, Mg " \
  "USDA [M]") \
/* --- eggs, meat, fish -------------------------------------------------------------------- */ \
X(EGG_YOLK, "egg_yolk", "Egg yolk (raw)", "egg", 0.7, 31, 0, 0, 129, 2.7, 5, \
  "MK-4 31 ug/100 g (about 6 yolks), Schurgers & Vermeer as quoted by W. Davis [R]; Ca 129 mg, " \
  "Mg 5 mg USDA [R]; D 18.3 IU per 17 g yolk = 2.7 ug/100 g [D]; K1 [M]") \
X(EGG, "egg", "Whole egg", "egg", 0.3, 10.5, 0, 0, 56, 0.9, 12, \
  "MK-4 and D from the yolk (17 g in a 50 g egg) [D]; Ca 28 mg per 50 g egg (PMC6969014) [R]; " \
  "K1, Mg USDA [M]") \
X(CHICKEN_LEG, "chicken_leg", "Chicken leg meat", "meat", 0.2, 58, 0, 0, 12, 0.2, 23, \
  "MK-4 58 +- 9 ug/100 g, Dunlop 2022, Australia [R] (Schurgers & Vermeer 2000: 8.5 ug [M]); " \
  "K1, Ca, D, Mg USDA [M]") \
X(BEEF_LIVER, "beef_liver", "Beef liver", "meat", 3.1, 0.4, 0, 3, 5, 1.2, 18, \
  "long-chain menaquinones occur in bovine liver, Koivu-Tikkanen 2000 [R], amount [M]; beef " \
  "liver is a poor K2 source (honey-guide survey) [R]; K1, MK-4, Ca, D, Mg USDA [M]") \
X(GOOSE_LIVER, "goose_liver_pate", "Goose liver pate", "meat", 0, 369, 0, 0, 70, 0, 13, \
  "MK-4 369 ug/100 g (USDA FoodData and trade tables, via ntro) [R]; K1, Ca, D, Mg [M]") \
X(SALMON, "salmon", "Atlantic salmon, farmed", "fish", 0.1, 0.5, 0, 0, 12, 4.8, 29, \
  "vitamin D3 2.3-7.3 ug/100 g in farmed salmon (2018), Jakobsen 2019 [R], middle [D]; Ca 12 mg, " \
  "Mg 29 mg USDA [R]; MK-4 Schurgers & Vermeer 2000 [M]; K1 [M]") \
X(SARDINES, "sardines", "Sardines, canned, with bones", "fish", 2.6, 0, 0, 0, 240, 4.8, 34, \
  "Ca 240 mg, Mg 34 mg, vitamin D 192 IU = 4.8 ug/100 g (USDA, via nutritionoffood) [R]; K1 " \
  "USDA [M]; no menaquinone reported [M]") \
/* --- vegetables -------------------------------------------------------------------------- */ \
X(SPINACH, "spinach", "Spinach, raw", "vegetable", 482.9, 0, 0, 0, 99, 0, 79, \
  "K1 482.9 ug, Ca 99 mg, Mg 79 mg, USDA NDB 11457 [R]; little of its calcium is absorbed " \
  "(oxalate) [M]") \
X(KALE, "kale", "Kale, raw", "vegetable", 705, 0, 0, 0, 150, 0, 47, \
  "K1 705 ug, Ca 150 mg, Mg 47 mg, USDA SR28 NDB 11233 [R] (the later SR Legacy entry: Ca 254, " \
  "Mg 33 mg [R], K1 389.6 ug [M])") \
X(BROCCOLI, "broccoli", "Broccoli, raw", "vegetable", 101.6, 0, 0, 0, 47, 0, 21, \
  "K1, Ca, Mg USDA [M]") \
X(LETTUCE, "lettuce", "Green leaf lettuce", "vegetable", 126.3, 0, 0, 0, 36, 0, 13, \
  "K1, Ca, Mg USDA [M]") \
/* --- plant foods and fortified foods ----------------------------------------------------- */ \
X(TOFU, "tofu_calcium_set", "Tofu, calcium-set", "plant", 2.4, 0, 0, 0, 120, 0, 30, \
  "Ca 60 mg per 50 g (PMC6969014) [R]; K1, Mg USDA [M]") \
X(PLANT_DRINK, "fortified_plant_drink", "Soy or oat drink, Ca and D fortified", "fortified", 3.0, 0, 0, 0, 120, 0.75, 7, \
  "Ca 120 mg/100 ml in fortified oat, soy, rice and almond drinks (PMC6969014) [R]; vitamin D " \
  "0.75 ug (a usual label) [M]; K1, Mg [M]") \
X(ORANGE_JUICE, "fortified_orange_juice", "Orange juice, Ca and D fortified", "fortified", 0.1, 0, 0, 0, 120, 1.0, 11, \
  "Ca 120 mg/100 ml (PMC6969014) [R]; vitamin D 1 ug (a usual label) [M]; K1, Mg [M]") \
X(SPREAD, "fortified_spread", "Vegetable-oil spread, vitamin D added", "fortified", 50, 0, 0, 0, 5, 7.5, 1, \
  "vitamin D 7.5 ug/100 g (EU fortified spreads) [M]; K1 from soybean and rapeseed oil [M]; " \
  "Ca, Mg [M]") \
X(WHOLEMEAL_BREAD, "wholemeal_bread", "Wholemeal bread", "plant", 2.0, 0, 0, 0, 106, 0, 76, \
  "Ca 35 mg per 33 g slice (PMC6969014) [R]; K1, Mg USDA [M]") \
X(ALMONDS, "almonds", "Almonds", "plant", 0, 0, 0, 0, 269, 0, 270, \
  "Ca, Mg USDA [M]; almonds hold no vitamin K to speak of [M]")
/* clang-format on */
