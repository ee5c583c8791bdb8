"""Hand-written hateful sentences, whole, for Muslims, Afro-Brazilian religions, evangelicals, the
elderly and the poor. Each sentence is its own frame."""

from __future__ import annotations

from training.corpus.grammar import written

HATEFUL_WRITTEN_C: dict[str, list[tuple[str, str]]] = {
    "muslims": written("""
st| muçulmano é tudo homem-bomba em potencial
dx| o islã é atrasado e quem segue é mais atrasado ainda
ex| não deviam deixar construir mesquita no brasil, nenhuma
hq| vc sentaria do lado de um muçulmano no ônibus? eu desço no ponto seguinte
di| mulher de véu no shopping, já fico de olho na mochila dela
th| se aparecer muçulmano no meu bairro a gente manda de volta no chute
dh| esses barbudos parecem cabra, cheios de pelo e fedendo
ho| islã não é religião, é ideologia de terror
hj| muçulmano não come porco pra não comer parente kkkkk
sl| homens-bomba se reproduzindo na europa inteira
st| todo muçulmano bate na mulher, tá no livro deles
ex| tinha que proibir o véu nas escolas e depois proibir eles também
di| sempre que tem um atentado eu já sei a religião de quem fez
dx| muçulmana de burca é um saco de lixo ambulante
hq| pq muçulmano vem pra cá se odeia o ocidente?
th| já pensou se a gente fizesse com as mesquitas o que eles fazem com as igrejas? tá na hora
ho| acho que muçulmano não devia ter cidadania brasileira
dh| muçulmano é igual cupim, comeu a europa por dentro e o brasil é o próximo
st| toda mesquita esconde arma no porão
dx| esses islâmicos são tudo animal, sem exceção
ex| quem for muçulmano que vá viver no oriente médio, aqui não
hj| qual a diferença entre um muçulmano e um foguete? nenhuma, os dois explodem kkkk
di| o vizinho novo reza no chão cinco vezes por dia, já chamei a polícia pra ficar de olho
th| aparece de roupa de santo na minha rua pra ver se não leva pedrada
st| muçulmano casa com menina de 9 anos e acha normal
hq| e se o seu filho quiser casar com uma muçulmana? deus me livre
sl| muçulmanos imundos não passam da minha porta
ho| pra mim todo árabe é suspeito até que se prove o contrário
dx| religião de gente violenta e de mulher calada
ex| fecha a mesquita do brás e manda todo mundo de volta
dh| o ramadã deles é o único mês que passam fome igual bicho
"""),
    "afro_religions": written("""
dx| catimbozeiro é tudo servo do capeta
ex| terreiro no meu bairro? só se for por cima do meu cadáver, vamos fazer abaixo-assinado
th| se tiver despacho na minha esquina eu taco fogo e quem fez vai junto
st| mãe de santo vive de enganar gente desesperada
hq| como alguém ainda bate tambor pra diabo em pleno século 21?
di| o vizinho é do candomblé, por isso tudo dá errado na rua
dh| esse povo de terreiro parece bicho fazendo ritual
ho| candomblé não é religião, é feitiçaria, e tinha que ser crime
hj| umbandista não precisa de perfume, já vem com cheiro de galinha morta de fábrica
sl| essas feiticeiras umbandistas precisam de jesus e de um banho
th| quebraram o terreiro da rua de cima e foi pouco
ex| devia ser proibido matar bicho em ritual e fechar todos os terreiros
st| pai de santo é tudo charlatão que cobra caro pra fazer trabalho
dx| umbanda é coisa de gente ignorante do interior
di| passei pela oferenda na esquina e fiz questão de pisar em cima, lugar daquilo é no lixo
hq| por que a prefeitura deixa fazer festa de iemanjá se é coisa de feitiçaria?
dh| orixá é demônio com nome africano
ho| eu acho que quem frequenta terreiro tá possuído e precisa de libertação
th| se esse pai de santo aparecer na minha igreja a gente expulsa a vassourada
st| feiticeiro de terreiro faz trabalho pra separar casal e matar os outros
ex| criança de branco com guia no pescoço devia ser proibida de ir pra escola assim
di| minha filha ficou amiga de uma menina do candomblé, já cortei
dx| terreiro é antro de demônio
hj| o que o pai de santo faz quando a galinha foge? fica sem almoço e sem feitiço kkkk
hq| vc entraria num terreiro? deus me livre, lá só tem encosto
sl| feiticeiros do candomblé, sai daqui com essas velas
dh| os adeptos do candomblé são marionetes do diabo
st| toda encruzilhada suja no bairro é culpa desses umbandistas
th| vamos fazer uma vigília e expulsar esse terreiro daqui em nome de jesus
ho| iemanjá é ídolo pagão e quem joga flor no mar tá adorando satanás
ex| tira a baiana de acarajé da praça, ela é do candomblé e suja a praça
"""),
    "evangelicals": written("""
dx| crente é tudo gado, não pensa com a própria cabeça
st| crente dá o salário pro pastor e passa fome em casa
hq| por que todo crente é tão chato e falso moralista?
ex| devia ter imposto em dobro pra igreja evangélica até fechar todas
th| se esse crente vier pregar no meu portão de novo vai levar uma voadora
dh| evangélico é rebanho, só falta o sino no pescoço
sl| esses crentelhos querem mandar no país
ho| pra mim evangélico não devia poder votar, vota em quem o pastor manda
di| é crente? então já vai querer dar pitaco na vida dos outros
hj| qual a diferença entre um crente e um papagaio? o papagaio às vezes fala coisa com sentido kkkk
st| crente é tudo hipócrita, prega no culto e trai a mulher em casa
dx| evangélica de saia longa é a coisa mais brega que existe
ex| bancada evangélica tinha que ser expulsa do congresso, todos eles
th| se eu fosse vizinho dessa igreja barulhenta já tinha tacado fogo
hq| quem ainda acredita em pastor? só crente burro mesmo
dh| crente é uma praga que brota em toda esquina de periferia
di| minha chefe é evangélica, por isso é tão chata e intrometida
ho| sinceramente acho que o brasil ia ser melhor sem os evangélicos
st| todo crente é homofóbico, sem exceção
sl| crentinho de merda, vai ler tua bíblia e me deixa
dx| povo evangélico é burro, ignorante e intolerante
ex| crente não devia poder ser professor, ensina criacionismo
hj| crente é igual gado de rodeio: berra alto, obedece o peão e paga o dízimo no final
th| da próxima vez que esse crente pregar no ônibus eu jogo ele pela janela
hq| tem algum crente com mais de dois neurônios? pergunto sério
di| ela parou de ser evangélica e ficou bem mais inteligente, impressionante
st| evangélico só quer dinheiro e poder
dh| o culto deles é um bando de possuídos gritando igual bicho
ho| igreja evangélica é câncer na periferia
dx| nada pior que crente querendo dar lição de moral
"""),
    "elderly": written("""
th| velho tinha que morrer logo, só atrapalha
st| idoso no zap só serve pra espalhar fake news
ex| velho não devia mais poder dirigir nem votar
hq| pra que aposentado precisa sair de casa em horário de pico?
dh| esses velhos parecem múmias andando no shopping
ho| na pandemia pelo menos aliviou a previdência, morreu um monte de velho
di| o velho demorou meia hora no caixa, era pra ter ficado em casa
dx| velha chata, já passou da hora de ir
hj| o velhinho pediu ajuda com o celular e eu ensinei a desligar pra sempre kkkk
sl| esses velhotes tinham que ser trancados num asilo
ex| aposentado não devia ter prioridade em nada, já viveu a vida
th| se esse velho cruzar na minha frente com o carro de novo eu jogo ele pra fora da pista
st| velho só sabe reclamar e contar a mesma história cem vezes
dh| idoso é tipo móvel velho, só ocupa espaço e junta pó
hq| por que velho acha que pode opinar sobre tudo se não entende nada de hoje?
di| era velho, pelo menos não vai fazer falta
ho| devia ter idade máxima pra votar, igual tem mínima
dx| geração de velhos egoístas que acabou com o país
ex| asilo é o lugar certo pra velho, longe da família
hj| velho devia ter prazo de validade igual iogurte, passou dos 70 joga fora
sl| esses velhotes fósseis acham que ainda mandam em alguma coisa
th| se velho furar a fila do mercado de novo leva uma bengalada
st| velho não aprende, não adianta ensinar nada
dh| os velhos são parasitas da previdência, sugam até o último centavo
hq| qual a utilidade de um aposentado? nenhuma, só gasta
di| essa velha ainda tá viva? caramba, tem gente que não morre
ho| sinceramente eu acho que depois dos 80 devia ter um botão de desligar, sabe
dx| velho é tudo lento, fedido e ranzinza
ex| tinha que ter horário só pra idoso no mercado, de madrugada, pra não atrapalhar ninguém
st| velho de academia só vai pra ficar olhando as novinhas
th| quem atrapalhou a fila foi o velho? ele que se cuide na saída
dh| parece um bando de tartaruga andando na calçada
"""),
    "poor": written("""
st| pobre é pobre porque quer, oportunidade tem pra todo mundo
dx| favelado é tudo bandido, não tem um que preste
ex| tinha que passar o trator em cima da favela e começar do zero
di| o aeroporto virou rodoviária depois que pobre começou a viajar
hq| por que pobre insiste em ter filho se não tem nem pra comer?
th| se esses favelados descerem o morro pra cá vão voltar sem dente
dh| morador de rua é lixo espalhado pela calçada
sl| farofeiro estragou a praia de novo
ho| bolsa família é pagar vagabundo pra ficar em casa
hj| pobre no shopping é só pra passear no ar condicionado kkkk
st| pobre com dinheiro na mão compra celular de 5 mil e passa fome
ex| devia ter catraca no calçadão pra pobre não entrar na praia
di| condomínio fechado é a melhor invenção, não tem que ver pobre
dx| gentalha da periferia, tudo sem educação
th| a polícia tinha que entrar na favela atirando e perguntar depois
dh| favela é um formigueiro de vagabundo
hq| pra que dar cota pra pobre na faculdade se eles não acompanham?
sl| pobres mortos de fome acham que têm direito a tudo
ho| sinceramente acho que pobre não devia votar, vende o voto
st| pobre não sabe se comportar em restaurante, fala alto e come de boca aberta
di| meu filho não vai estudar em escola pública com essa gente
ex| tirem esses sem-teto da frente da minha loja, na marra se precisar
dx| essa ralé da quebrada devia ficar lá e não aparecer no centro
hj| o pobre quando ganha na loteria continua pobre de espírito kkkkk
th| joga água fria nesses mendigos que eles saem rapidinho
dh| pobre é igual pombo, come qualquer coisa e faz sujeira
hq| quem deixou pobre entrar nesse bairro?
st| favelado só sabe ouvir funk e fazer filho
ho| cadeia pra quem mora em favela devia ser automática, poupa tempo
di| o rolezinho no shopping mostrou que pobre não pode ter acesso a nada
dx| pobretão metido a rico é a coisa mais patética que tem
sl| esses favelados acham que são gente
"""),
}
